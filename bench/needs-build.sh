# Sourced by the bench scripts: needs_build FILE... succeeds when one of the built FILEs is
# missing, or when a module's Java source or a pom is newer than one of them. A stale jar runs the
# old code: a benchmark it lacks is "No matching benchmarks", a changed method a NoSuchMethodError.
needs_build() {
  local f
  for f in "$@"; do
    if [ ! -f "$f" ]; then
      return 0
    fi
    if [ -n "$(find . -path '*/target' -prune -o -path './.git' -prune -o \
      \( -name '*.java' -o -name pom.xml \) -newer "$f" -print -quit)" ]; then
      return 0
    fi
  done
  return 1
}
