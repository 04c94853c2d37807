// TEST-ONLY OpenID Connect providers for Jobassistent's tests, built on the certified `oidc-provider`
// package. Never point a real deployment at them: any password is accepted, any loopback callback
// address is allowed as a redirect URI, and the signing keys are made anew at every start.
//
//   node provider.mjs citizen   ->  http://127.0.0.1:9411  (citizens and employers, like a MitID broker)
//   node provider.mjs staff     ->  http://127.0.0.1:9412  (municipal staff, like the municipality's Entra ID)
//
// scripts/oidc-test-provider.sh starts both, with the client's id and secret in OIDC_TEST_CLIENT_ID and
// OIDC_TEST_CLIENT_SECRET; the tests' helpers are in tests/oidc_test_provider.py.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import * as http from 'node:http';

import Provider from 'oidc-provider';

// The claims of each test user, keyed by the login typed into the provider's login form (any password
// will do). A login not in the table gets only sub and name = the login.
const ISSUERS = {
  citizen: {
    port: 9411,
    accounts: {
      borger: { name: 'Bente Borger' },
      // A provider that sends a CPR number even so: the app must never store it.
      'borger-cpr': { name: 'Carl Cpr', cpr: '0101901234' },
      // MitID Erhverv: a CVR number (valid by its modulus 11 check) and the company's name.
      virksomhed: { name: 'Vera Virksomhed', cvr: '31234565', organisation: 'Bageriet Hansen ApS' },
      virksomhed2: { name: 'Viggo Virksomhed', cvr: '42871249', organisation: 'Café Solsikke' },
    },
  },
  staff: {
    port: 9412,
    accounts: {
      raadgiver: { name: 'Rikke Rådgiver', roles: ['jobraadgiver'] },
      raadgiver2: { name: 'Ali Rådgiver', roles: ['jobraadgiver'] },
      // Staff without the advisor's role, and a citizen trying the staff login.
      medarbejder: { name: 'Mads Medarbejder', roles: [] },
      borger: { name: 'Bente Borger' },
    },
  },
};

const which = process.argv[2];
if (!Object.hasOwn(ISSUERS, which)) {
  console.error(`usage: node provider.mjs ${Object.keys(ISSUERS).join('|')}`);
  process.exit(2);
}
const { port, accounts } = ISSUERS[which];
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.OIDC_TEST_CLIENT_ID || 'jobassistent';
const clientSecret = process.env.OIDC_TEST_CLIENT_SECRET || '';
if (clientSecret.length < 32) {
  console.error('OIDC_TEST_CLIENT_SECRET must hold the test client\'s secret (32 characters or more)');
  process.exit(2);
}

// A stable, opaque subject per issuer and login (a UUID made from a hash of both): the same across
// restarts, never the login itself, and different at the two issuers, as real providers' are.
function subjectOf(login) {
  const hex = createHash('sha256').update(`${issuer}\n${login}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return [hex.slice(0, 8), hex.slice(8, 12), `5${hex.slice(13, 16)}`, `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32)].join('-');
}

// The issuer's own RS256 signing key, made at start (so none is kept in the repository).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: `${which}-${randomBytes(6).toString('hex')}`,
};

// TEST-ONLY: the tests run the app's gateway on random free ports, so any callback on a loopback address
// is allowed: http://127.0.0.1:<port>/auth/callback/<provider name> (or localhost), and after logout
// http://127.0.0.1:<port>/ (or localhost). A real provider registers exact addresses.
const CALLBACK = /^http:\/\/(127\.0\.0\.1|localhost):[0-9]{1,5}\/auth\/callback\/[a-z0-9]+$/;
const AFTER_LOGOUT = /^http:\/\/(127\.0\.0\.1|localhost):[0-9]{1,5}\/$/;

const configuration = {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
    // Placeholders: the real check is the TEST-ONLY override of the Client's methods below.
    redirect_uris: ['http://127.0.0.1/auth/callback/test'],
    post_logout_redirect_uris: ['http://127.0.0.1/'],
  }],
  findAccount(ctx, login) {
    return {
      accountId: login,
      async claims() {
        return { ...(Object.hasOwn(accounts, login) ? accounts[login] : { name: login }), sub: subjectOf(login) };
      },
    };
  },
  // Everything the app reads comes with scope "openid profile", in the ID token itself.
  claims: {
    openid: ['sub'],
    profile: ['name', 'cpr', 'cvr', 'organisation', 'roles'],
  },
  conformIdTokenClaims: false,
  responseTypes: ['code'],
  pkce: { methods: ['S256'], required: () => true },
  jwks: { keys: [signingKey] },
  features: {
    // The package's own login form (login + password, "Sign-in") and consent page ("Continue").
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  // Cookie names of each issuer's own: both issuers share the host 127.0.0.1, and cookies do not tell
  // ports apart.
  cookies: {
    names: {
      session: `_op_${which}_session`,
      interaction: `_op_${which}_interaction`,
      resume: `_op_${which}_interaction_resume`,
    },
    keys: [randomBytes(32).toString('hex')],
    long: { httpOnly: true, sameSite: 'lax', signed: true },
    short: { httpOnly: true, sameSite: 'lax', signed: true },
  },
  ttl: {
    AuthorizationCode: 60,
    AccessToken: 600,
    IdToken: 600,
    Interaction: 600,
    Grant: 3600,
    Session: 3600,
  },
};

const provider = new Provider(issuer, configuration);

const { redirectUriAllowed, postLogoutRedirectUriAllowed } = provider.Client.prototype;
provider.Client.prototype.redirectUriAllowed = function allowLoopbackCallbacks(value) {
  return CALLBACK.test(value) || redirectUriAllowed.call(this, value);
};
provider.Client.prototype.postLogoutRedirectUriAllowed = function allowLoopbackHome(value) {
  return AFTER_LOGOUT.test(value) || postLogoutRedirectUriAllowed.call(this, value);
};

provider.use(async (ctx, next) => {
  await next();
  // The package's pages load a web font from the internet, which the tests cannot reach: a browser
  // would wait for it. Nothing else of the pages is changed.
  if (typeof ctx.body === 'string' && ctx.response.is('html')) {
    ctx.body = ctx.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);?/g, '');
  }
  console.log(`${new Date().toISOString()} ${ctx.method} ${ctx.path} ${ctx.status}`);
});

for (const event of ['server_error', 'authorization.error', 'grant.error', 'end_session.error', 'userinfo.error']) {
  provider.on(event, (ctx, error) => {
    const description = error.error_description ? ` (${error.error_description})` : '';
    console.error(`${new Date().toISOString()} ${event}: ${error.message}${description}`);
  });
}

const server = http.createServer(provider.callback());
server.on('error', (error) => {
  console.error(`cannot listen on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`${new Date().toISOString()} test OpenID Connect provider "${which}" at ${issuer} (client ${clientId})`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
