# A changes file for `podpath trace samples/missing-route.sh --apply samples/changes/missing-route-back.sh`
# (docs/snapshot.md, "Trying a change"): the route back ns2 lacks, as the fix would be typed.
# Its lines run on top of the scenario or snapshot; a line names the namespace it runs in.
ip -n ns2 route add default via 10.1.2.1
