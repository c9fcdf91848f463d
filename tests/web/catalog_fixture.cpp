// Test helper for the browser tests: loads an HQ catalog (JSON array, the
// sync snapshot's form) into a kiosk's store before smartstored starts, the
// way the sync agent would after HQ published one.
// usage: smartstore-web-catalog <data_dir> <store_id> <catalog.json>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "smartstore/edge/store/kiosk_store.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: smartstore-web-catalog <data_dir> <store_id> <catalog.json>\n";
    return 2;
  }
  const std::filesystem::path data_dir = argv[1];
  std::filesystem::create_directories(data_dir);
  ::chmod(data_dir.c_str(), 0700);
  std::ifstream in(argv[3], std::ios::binary);
  if (!in) {
    std::cerr << argv[3] << ": cannot read\n";
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  smartstore::edge::store::StoreOptions options;
  options.store_id = argv[2];
  smartstore::edge::store::KioskStore store(data_dir / "kiosk.db", options);
  auto outcome = store.downlink().apply_catalog(text.str());
  if (!outcome) {
    std::cerr << "catalog refused: " << outcome.error().message() << "\n";
    return 1;
  }
  std::cout << "catalog loaded\n";
  return 0;
}
