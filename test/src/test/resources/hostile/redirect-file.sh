# Output redirected into a file outside the sandbox.
ip netns add a
echo pwned > @CANARY@/written
