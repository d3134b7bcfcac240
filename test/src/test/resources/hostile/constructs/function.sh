ip netns add a
setup() {
  ip netns add "$1"
}
setup b
