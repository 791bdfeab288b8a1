# Sourced by every script of the project (". native/jdk.sh"): exports JAVA_HOME as a JDK 25 or
# newer, or stops with a message saying what to install. The one place scripts find the JDK; the
# build finds it the same way in cmake/FindHdnnpJDK.cmake (JAVA_HOME first, then /usr/lib/jvm/*,
# newest first, judged by the JDK's `release` file).

# feature release of the JDK at $1 (JAVA_VERSION="25.0.1" -> 25), 0 if unknown
hdnnp_jdk_feature() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  echo "${v:-0}"
}

hdnnp_find_jdk() {
  local jh
  for jh in ${JAVA_HOME:+"$JAVA_HOME"} $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -r); do
    jh=${jh%/}
    if [ -x "$jh/bin/java" ] && [ "$(hdnnp_jdk_feature "$jh")" -ge 25 ]; then
      echo "$jh"
      return 0
    fi
    if [ "$jh" = "${JAVA_HOME:-}" ]; then
      echo "note: JAVA_HOME=$JAVA_HOME is Java $(hdnnp_jdk_feature "$jh"), not 25 or newer; looking in /usr/lib/jvm" >&2
    fi
  done
  return 1
}

if _hdnnp_jh=$(hdnnp_find_jdk); then
  export JAVA_HOME=$_hdnnp_jh
  unset _hdnnp_jh
else
  echo "error: hdnnp-java needs a JDK 25 or newer (e.g. Temurin 25); none found in JAVA_HOME" \
       "(${JAVA_HOME:-unset}) or /usr/lib/jvm: install one and set JAVA_HOME to it" >&2
  return 1 2> /dev/null || exit 1
fi
