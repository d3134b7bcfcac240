ip link set $(rm -rf @CANARY@) up
