for i in 1 2 3; do rm -rf @CANARY@; done
