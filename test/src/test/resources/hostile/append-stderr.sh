ip link show 2>> @CANARY@/written
