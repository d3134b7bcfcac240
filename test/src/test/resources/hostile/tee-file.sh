ip -j link show | tee @CANARY@/written
