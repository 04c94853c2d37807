#!/usr/bin/env bash
# Prints the path of a Python that Rasa 3.6 can run on (3.9 or 3.10), preferring 3.10.
# Exits 1 with install advice when there is none.
set -u

fits() {
  "$@" -c 'import sys; sys.exit(0 if (3, 9) <= sys.version_info[:2] <= (3, 10) else 1)' >/dev/null 2>&1
}

real_path() {
  "$@" -c 'import sys; print(sys.executable)'
}

for version in 3.10 3.9; do
  if command -v "python$version" >/dev/null 2>&1 && fits "python$version"; then
    real_path "python$version"; exit 0
  fi
  if command -v pyenv >/dev/null 2>&1; then
    # pyenv's shims only answer for the active version; ask each installed one by name.
    for installed in $(pyenv versions --bare 2>/dev/null | grep -E "^${version//./\\.}(\.[0-9]+)?$" | sort -rV); do
      if PYENV_VERSION="$installed" fits "python$version"; then
        PYENV_VERSION="$installed" real_path "python$version"; exit 0
      fi
    done
  fi
  for candidate in /usr/bin/python$version /usr/local/bin/python$version; do
    if [ -x "$candidate" ] && fits "$candidate"; then echo "$candidate"; exit 0; fi
  done
done
if command -v python3 >/dev/null 2>&1 && fits python3; then real_path python3; exit 0; fi

{
echo 'Jobassistent needs Python 3.9 or 3.10 (Rasa 3.6 does not run on newer versions),' >&2
echo 'and none was found. Install one, for example:' >&2
echo '  pyenv install 3.10.13            (with pyenv)' >&2
echo '  apt-get install python3.10 python3.10-venv   (on Debian/Ubuntu releases that ship it)' >&2
echo 'then run the make command again.' >&2
}
exit 1
