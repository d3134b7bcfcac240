# A failing command whose || branch deletes files.
ip link show dev nope || rm -rf @CANARY@
