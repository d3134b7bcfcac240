python3 -c "import os; os.system(\"rm -rf @CANARY@\")"
