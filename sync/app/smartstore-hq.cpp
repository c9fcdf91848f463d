// smartstore-hq: headquarters' side of store sync (docs/sync-protocol.md).
#include "smartstore/sync/hq.h"

int main(int argc, char** argv) { return smartstore::sync::run_hq_cli(argc, argv); }
