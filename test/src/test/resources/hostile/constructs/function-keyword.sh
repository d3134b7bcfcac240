ip netns add a
function setup {
  ip netns add b
}
