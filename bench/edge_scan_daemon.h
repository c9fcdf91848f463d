#pragma once
// The edge_scan bench's memory figure: the real smartstored started on a
// kiosk database, fed scans on stdin, and its resident memory read from /proc.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace smartstore::bench {

// Starts the real smartstored on `data_dir` (offline, scans on stdin), feeds
// it `numbers`, waits until their coupons are journaled, and returns its
// VmRSS and VmHWM in MiB. Throws when the daemon does not journal them.
std::pair<double, double> daemon_rss(const std::filesystem::path& program, const std::filesystem::path& dir,
                                     const std::filesystem::path& data_dir,
                                     const std::vector<unsigned char>& deployment_key,
                                     const std::vector<std::string>& numbers);
// $SMARTSTORED, else the smartstored built next to this bench.
std::filesystem::path smartstored_program();

}  // namespace smartstore::bench
