#include "smartstore/edge/daemon.h"

int main(int argc, char** argv) { return smartstore::edge::smartstored_main(argc, argv); }
