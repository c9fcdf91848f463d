#include "smartstore/models/snapshot_format.h"

#include "profile_decoder.h"
#include "smartstore/common/private_file.h"
#include "smartstore/common/utc_time.h"
#include "snapshot_json.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

namespace smartstore::models {
namespace {

using nlohmann::json;

// Writes one profile object. Keys in byte order, as nlohmann's encoder writes
// them (its objects are sorted maps): records are byte for byte what a
// nlohmann dump() gives, which the tests hold it to.
class ProfileWriter {
 public:
  explicit ProfileWriter(std::string& out) : out_(out) {}
  void write(const CustomerProfile& p) {
    using namespace snapshot_json;
    using namespace profile_decoder;  // the field names, one list for writer and reader
    out_.push_back('{');
    name(kFieldNames[kAge]), append_string(out_, p.age_band);
    name(kFieldNames[kBehaviour]), append_string(out_, p.behaviour_type);
    // What stores sent: only for members they said something about, so a
    // batch without store events writes what it always wrote.
    if (!p.preferred_channel.empty()) name(kFieldNames[kChannel]), append_string(out_, p.preferred_channel);
    name(kFieldNames[kCluster]), append_int(out_, p.cluster);
    // Only when set: most members are placed by the clustering itself.
    // Only when set, as cluster_predicted: most members have neither.
    if (!p.cluster_category.empty())
      name(kFieldNames[kClusterCategory]), append_string(out_, p.cluster_category);
    if (p.cluster_predicted) name(kFieldNames[kClusterPredicted]), append_bool(out_, true);
    name(kFieldNames[kClv3m]), append_double(out_, p.clv_3m_krw);
    // The rule behind each companion, beside the list older kiosks read.
    if (!p.companion_if.empty()) name(kFieldNames[kCompanionIf]), strings(p.companion_if);
    if (!p.companion_lift.empty()) {
      name(kFieldNames[kCompanionLift]), out_.push_back('[');
      for (std::size_t i = 0; i < p.companion_lift.size(); ++i) {
        if (i > 0) out_.push_back(',');
        append_double(out_, p.companion_lift[i]);
      }
      out_.push_back(']');
    }
    name(kFieldNames[kCompanions]), strings(p.companion_products);
    name(kFieldNames[kConsent]), append_bool(out_, p.consent_marketing);
    if (p.coupons_issued > 0) {
      name(kFieldNames[kDaysSinceCoupon]), append_int(out_, p.days_since_coupon);
      name(kFieldNames[kCouponsIssued]), append_int(out_, p.coupons_issued);
      name(kFieldNames[kLastCoupon]), append_string(out_, p.last_coupon);
      name(kFieldNames[kLastCouponDate]), append_string(out_, p.last_coupon_date);
      name(kFieldNames[kCouponRate]), append_double(out_, p.coupon_redemption_rate);
      name(kFieldNames[kCouponsRedeemed]), append_int(out_, p.coupons_redeemed);
    }
    name(kFieldNames[kDays]), append_int(out_, p.purchase_days);
    if (p.deliberation_min >= 0) name(kFieldNames[kDeliberation]), append_double(out_, p.deliberation_min);
    name(kFieldNames[kExpSpend]), append_int(out_, p.expected_spend_krw);
    name(kFieldNames[kGender]), append_string(out_, p.gender);
    name(kFieldNames[kGrade]), append_string(out_, p.grade);
    if (!p.interest.empty()) name(kFieldNames[kInterest]), preferences(p.interest);
    name(kFieldNames[kKey]), append_string(out_, p.member_key);
    name(kFieldNames[kLast]), append_string(out_, p.last_purchase_date);
    name(kFieldNames[kNext]), append_string(out_, p.next_purchase_date);
    name(kFieldNames[kPAlive]), append_double(out_, p.p_alive);
    name(kFieldNames[kPrefs]), preferences(p.preferences);
    name(kFieldNames[kRecommended]), strings(p.recommended_categories);
    name(kFieldNames[kSegment]), append_string(out_, p.segment);
    name(kFieldNames[kSpend]), append_int(out_, p.total_spend_krw);
    if (!p.survey_favourite.empty()) name(kFieldNames[kSurvey]), append_string(out_, p.survey_favourite);
    name(kFieldNames[kTier]), append_string(out_, p.tier);
    name(kFieldNames[kZone]), append_string(out_, p.home_zone);
    out_.push_back('}');
  }

 private:
  void name(std::string_view n) {
    if (!first_) out_.push_back(',');
    first_ = false;
    out_.push_back('"');
    out_ += n;  // plain ASCII: no escaping needed
    out_ += "\":";
  }
  void preferences(const std::vector<CategoryPreference>& prefs) {
    using namespace profile_decoder;
    out_.push_back('[');
    for (std::size_t i = 0; i < prefs.size(); ++i) {
      const auto& c = prefs[i];
      out_ += i == 0 ? "{" : ",{";
      first_ = true;
      name(kPrefCategory), snapshot_json::append_string(out_, c.category);
      name(kPrefIndex), snapshot_json::append_double(out_, c.index);
      name(kPrefCount), snapshot_json::append_int(out_, c.count);
      out_.push_back('}');
    }
    out_.push_back(']');
    first_ = false;
  }
  void strings(const std::vector<std::string>& v) {
    out_.push_back('[');
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out_.push_back(',');
      snapshot_json::append_string(out_, v[i]);
    }
    out_.push_back(']');
  }
  std::string& out_;
  bool first_ = true;
};

template <typename T>
void get_optional(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) out = it->get<T>();
}

std::string read_file(const std::filesystem::path& f, bool& ok) {
  std::ifstream in(f, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Snapshot files are member keys and profiles: private (0600) from the first
// byte. Failures throw: a snapshot that cannot be written is not a snapshot.
void throw_unless(const Status& written) {
  if (written) return;
  std::errc code = std::errc::io_error;
  if (written.error().kind() == ErrorKind::storage_full) code = std::errc::no_space_on_device;
  if (written.error().kind() == ErrorKind::storage_read_only) code = std::errc::read_only_file_system;
  throw std::system_error(std::make_error_code(code), written.error().message());
}

// A reader's refusal: which file or field, and what was wrong with it.
Failure refuse(std::string_view where, std::string_view what, ErrorKind kind = ErrorKind::invalid_input) {
  return fail(kind, std::string(where) + ": " + std::string(what), "snapshot");
}

}  // namespace

std::string chunk_file_name(std::uint32_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "chunk-%06u.jsonl", index);
  return buf;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(2 * len, '0');
  for (unsigned i = 0; i < len; ++i) {
    out[2 * i] = hex[md[i] >> 4];
    out[2 * i + 1] = hex[md[i] & 0xF];
  }
  return out;
}

std::string manifest_checksum(const std::vector<SnapshotChunkInfo>& chunks) {
  std::string all;
  for (const auto& c : chunks) all += c.sha256;
  return sha256_hex(all);
}

void append_profile_line(std::string& out, const CustomerProfile& p) {
  ProfileWriter(out).write(p);
  out.push_back('\n');
}

std::string encode_profile(const CustomerProfile& p) {
  std::string out;
  out.reserve(512);
  ProfileWriter(out).write(p);
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  snapshot_json::append_string(out, s);
}
void append_json_double(std::string& out, double v) {
  snapshot_json::append_double(out, v);
}
void append_json_int(std::string& out, std::int64_t v) {
  snapshot_json::append_int(out, v);
}

Result<CustomerProfile> decode_profile(std::string_view line) {
  return profile_decoder::ProfileReader(line).read();
}

Result<std::vector<CustomerProfile>> decode_chunk(std::string_view bytes) {
  std::vector<CustomerProfile> out;
  std::size_t line_no = 0;
  while (!bytes.empty()) {
    auto nl = bytes.find('\n');
    std::string_view line = bytes.substr(0, nl);
    bytes = nl == std::string_view::npos ? std::string_view{} : bytes.substr(nl + 1);
    ++line_no;
    if (line.empty()) continue;
    auto p = decode_profile(line);
    if (!p) return p.error().context("line " + std::to_string(line_no));
    out.push_back(std::move(*p));
  }
  return out;
}

std::string encode_manifest(const SnapshotManifest& m) {
  json chunks = json::array();
  for (const auto& c : m.chunks)
    chunks.push_back({{"index", c.index}, {"records", c.records}, {"sha256", c.sha256}});
  json model = {{"categories", m.preference_model.categories},
                {"p_age", m.preference_model.p_age_given_category},
                {"p_gender", m.preference_model.p_gender_given_category}};
  json j = {{"schema", m.schema},         {"store_id", m.store_id},         {"version", m.version},
            {"created_at", m.created_at}, {"record_count", m.record_count}, {"chunk_count", m.chunks.size()},
            {"chunks", chunks},           {"checksum", m.checksum},         {"preference_model", model}};
  return j.dump(2);
}

Result<SnapshotManifest> decode_manifest(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return refuse("manifest", "not a JSON object");
  try {
    SnapshotManifest m;
    m.schema = j.at("schema").get<int>();
    if (m.schema != kSnapshotSchemaVersion)
      return refuse("manifest.schema", "unsupported schema " + std::to_string(m.schema),
                    ErrorKind::unsupported);
    m.store_id = j.at("store_id").get<std::string>();
    m.version = j.at("version").get<std::int64_t>();
    get_optional(j, "created_at", m.created_at);
    m.record_count = j.at("record_count").get<std::uint64_t>();
    for (const auto& c : j.at("chunks"))
      m.chunks.push_back({c.at("index").get<std::uint32_t>(), c.at("records").get<std::uint64_t>(),
                          c.at("sha256").get<std::string>()});
    if (j.value("chunk_count", m.chunks.size()) != m.chunks.size())
      return refuse("manifest.chunk_count", "does not match the chunk list");
    m.checksum = j.at("checksum").get<std::string>();
    if (m.checksum != manifest_checksum(m.chunks))
      return refuse("manifest.checksum", "does not match the chunk hashes");
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < m.chunks.size(); ++i) {
      if (m.chunks[i].index != i) return refuse("manifest.chunks", "chunk indices must be 0..n-1 in order");
      sum += m.chunks[i].records;
    }
    if (sum != m.record_count)
      return refuse("manifest.record_count", "does not match the sum of chunk records");
    if (auto it = j.find("preference_model"); it != j.end()) {
      get_optional(*it, "categories", m.preference_model.categories);
      get_optional(*it, "p_age", m.preference_model.p_age_given_category);
      get_optional(*it, "p_gender", m.preference_model.p_gender_given_category);
    }
    return m;
  } catch (const json::exception& e) {
    return refuse("manifest", std::string("bad field: ") + e.what());
  }
}

SnapshotChunkInfo write_snapshot_chunk(const std::filesystem::path& dir, std::uint32_t index,
                                       std::string_view bytes, std::uint64_t records) {
  throw_unless(write_private_file(dir / chunk_file_name(index), bytes));
  return {index, records, sha256_hex(bytes)};
}

SnapshotManifest write_snapshot_manifest(const std::filesystem::path& dir, const std::string& store_id,
                                         std::int64_t version, std::vector<SnapshotChunkInfo> chunks,
                                         const PreferenceModel& model) {
  SnapshotManifest m;
  m.store_id = store_id;
  m.version = version;
  m.preference_model = model;
  m.created_at = utc_now_iso8601();
  std::sort(chunks.begin(), chunks.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
  for (const auto& c : chunks) m.record_count += c.records;
  m.chunks = std::move(chunks);
  m.checksum = manifest_checksum(m.chunks);
  // The manifest is written last and renamed into place, so a reader never
  // sees a manifest whose chunks are still being written.
  throw_unless(replace_private_file(dir / "manifest.json", encode_manifest(m), false));
  // Chunks a larger earlier snapshot left behind are no longer listed anywhere.
  for (auto index = static_cast<std::uint32_t>(m.chunks.size());; ++index) {
    std::error_code ec;
    if (!std::filesystem::remove(dir / chunk_file_name(index), ec)) break;
  }
  return m;
}

SnapshotManifest write_snapshot(const std::filesystem::path& dir, const std::string& store_id,
                                std::int64_t version, const std::vector<CustomerProfile>& profiles,
                                const PreferenceModel& model, std::size_t chunk_records) {
  std::filesystem::create_directories(dir);
  if (chunk_records == 0) chunk_records = kDefaultChunkRecords;
  std::vector<SnapshotChunkInfo> chunks;
  std::string bytes;
  // An empty snapshot still has one (empty) chunk.
  for (std::size_t start = 0, idx = 0; start < profiles.size() || idx == 0; ++idx) {
    bytes.clear();
    const std::size_t end = std::min(profiles.size(), start + chunk_records);
    for (std::size_t i = start; i < end; ++i) append_profile_line(bytes, profiles[i]);
    chunks.push_back(write_snapshot_chunk(dir, static_cast<std::uint32_t>(idx), bytes, end - start));
    start = end;
  }
  return write_snapshot_manifest(dir, store_id, version, std::move(chunks), model);
}

std::uint64_t count_records(std::string_view chunk_bytes) {
  // What decode_chunk reads as records: the non-empty lines.
  std::uint64_t n = 0;
  while (!chunk_bytes.empty()) {
    const auto nl = chunk_bytes.find('\n');
    if (nl != 0) ++n;
    if (nl == std::string_view::npos) break;
    chunk_bytes.remove_prefix(nl + 1);
  }
  return n;
}

Result<SnapshotManifest> verify_snapshot_dir(const std::filesystem::path& dir) {
  bool ok = false;
  std::string text = read_file(dir / "manifest.json", ok);
  if (!ok) return refuse((dir / "manifest.json").string(), "cannot read", ErrorKind::not_found);
  auto m = decode_manifest(text);
  if (!m) return m;
  for (const auto& c : m->chunks) {
    auto file = dir / chunk_file_name(c.index);
    std::string bytes = read_file(file, ok);
    if (!ok) return refuse(file.string(), "missing chunk", ErrorKind::not_found);
    if (sha256_hex(bytes) != c.sha256) return refuse(file.string(), "sha256 mismatch");
    if (const auto n = count_records(bytes); n != c.records)
      return refuse(file.string(), "holds " + std::to_string(n) + " records, the manifest says " +
                                       std::to_string(c.records));
  }
  return m;
}

}  // namespace smartstore::models
