# A branch that would not run, with a command podpath does not know.
true || rm -rf @CANARY@
