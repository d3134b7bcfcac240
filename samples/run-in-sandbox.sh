#!/usr/bin/env bash
# Run one sample scenario on the REAL kernel inside a throwaway sandbox and print the transcript.
#
#   sudo samples/run-in-sandbox.sh samples/flannel-host-gw.sh
#
# This is the same runner `podpath verify` uses (it ships inside the podpath jar); see its header
# for what the sandbox is and what it does before the scenario runs. It needs no Java.
# To record a transcript together with the state podpath compares (neighbour and FDB entries):
#   sudo ./podpath verify samples/X.sh --save-transcript samples/expected/X.kernel.txt
exec bash "$(dirname "${BASH_SOURCE[0]}")/../tracer/src/main/resources/dev/podpath/trace/verify/sandbox-run.sh" "$@"
