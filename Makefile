# Two commands matter: `make run` and `make test`. Everything they need is installed on the way.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: run run-scaled run-test-login run-production retention test install train validate services lock clean nlu-eval nlu-eval-dev audit bench bench-insight

run: install
	DEV_LOGIN=$${DEV_LOGIN:-1} $(PY) -m bot.launcher run

# Several Rasa processes on PostgreSQL + Redis (RASA_PROCESSES, default 2); see README "Flere Rasa-processer".
run-scaled: install
	scripts/run-scaled.sh

# `make run` with real OpenID Connect login at the local test providers instead of the development login.
run-test-login: install
	scripts/run-with-test-login.sh

# The production profile: settings from ENV_FILE (default /etc/jobassistent/production.env), the
# configuration check first, PostgreSQL, Redis and real login; see README "Drift i kommunen".
run-production: install
	scripts/run-production.sh

test: install services
	$(PY) -m bot.launcher train
	source var/test-services.env && $(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS)
	scripts/audit.sh

install: $(INSTALLED)

$(INSTALLED): requirements.lock pyproject.toml scripts/find-python.sh
	@python_bin=$$(scripts/find-python.sh) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if (3,9) <= sys.version_info[:2] <= (3,10) else 1)'; then \
		echo "Creating $(VENV) with $$python_bin"; rm -rf $(VENV); "$$python_bin" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --upgrade "pip==24.0" "setuptools==70.3.0" "wheel==0.45.1"
	$(PY) -m pip install --quiet --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	touch $(INSTALLED)

# PostgreSQL and Redis from Debian's packages, for the tests that run against real servers.
services:
	scripts/test-services.sh

train: install
	$(PY) -m bot.launcher train

# Scores the model on the held-out sets (tests/data/heldout) and writes var/reports/nlu/.
nlu-eval: install
	$(PY) -m bot.nlu_eval

# The development set (tests/data/dev), for tuning; writes var/reports/nlu-dev/.
nlu-eval-dev: install
	$(PY) -m bot.nlu_eval --dev

validate: install
	$(VENV)/bin/rasa data validate

# The stack against a stock `rasa init` bot, same load, same run (scripts/bench.py); writes var/reports/bench/.
# Not part of `make test` (the numbers depend on the machine). E.g. make bench BENCH_ARGS="--no-training --rasa-processes 2"
bench: install
	$(PY) scripts/bench.py $(BENCH_ARGS)

# The insight API with a year of ~300 conversations a day in SQLite (scripts/bench_insight.py). Not part
# of `make test`. E.g. make bench-insight BENCH_INSIGHT_ARGS="--days 90 --runs 10"
bench-insight: install
	$(PY) scripts/bench_insight.py $(BENCH_INSIGHT_ARGS)

# Known vulnerabilities in the installed packages: pip-audit, in a venv of its own (var/audit-venv),
# against PyPI's vulnerability data. Says plainly what it could not check; the policy is in the README.
audit: install
	scripts/audit.sh

# Deletes or anonymises what retention.yml says has run out (RETENTION_ARGS="--dry-run" to only look).
retention: install
	$(PY) -m bot.retention $(RETENTION_ARGS)

# Regenerate requirements.lock from requirements.in in a throwaway venv.
lock:
	@python_bin=$$(scripts/find-python.sh) || exit 1; rm -rf /tmp/jobassistent-lock; \
	"$$python_bin" -m venv /tmp/jobassistent-lock && \
	/tmp/jobassistent-lock/bin/pip install --quiet "pip==24.0" && \
	/tmp/jobassistent-lock/bin/pip install --quiet -r requirements.in && \
	/tmp/jobassistent-lock/bin/pip freeze > requirements.lock

clean:
	rm -rf $(VENV) models var
