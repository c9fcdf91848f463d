// Digests of published snapshots and the delta between two snapshots.
#include "hq/snapshot_delta.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <thread>

#include "hq/file_bytes.h"
#include "smartstore/common/parallel.h"

namespace smartstore::sync::detail {
namespace {

constexpr const char* kOrigin = "hq snapshot delta";
constexpr std::string_view kKeyField = "\"key\":\"";

Failure invalid(std::string message) {
  return fail(ErrorKind::invalid_input, std::move(message), kOrigin);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The member key of a profile line: the 64 lower-case hex digits of its "key"
// field. Inside a JSON string a quote is escaped, so the first unescaped
// "key":" is the field itself.
bool key_of_line(std::string_view line, std::array<unsigned char, 32>& key) {
  const auto at = line.find(kKeyField);
  if (at == std::string_view::npos || line.size() < at + kKeyField.size() + 65) return false;
  const char* hex = line.data() + at + kKeyField.size();
  if (hex[64] != '"') return false;
  for (std::size_t i = 0; i < 32; ++i) {
    const int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    key[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return true;
}

std::uint64_t line_hash(std::string_view line) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(line.data(), line.size(), md, &len, EVP_sha256(), nullptr);
  std::uint64_t h = 0;
  for (int i = 0; i < 8; ++i) h = (h << 8) | md[i];
  return h;
}

// Lines of one chunk, each with its digest; the error names the chunk's line.
Status index_chunk(const std::string& bytes, const std::string& file, std::vector<SnapshotLines::Line>& out) {
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < bytes.size();) {
    auto end = bytes.find('\n', pos);
    if (end == std::string::npos) end = bytes.size();
    std::string_view text(bytes.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (text.empty()) continue;
    SnapshotLines::Line l;
    if (!key_of_line(text, l.digest.key))
      return invalid(file + " line " + std::to_string(line_no) + ": no \"key\" of 64 lower-case hex digits");
    l.digest.line_hash = line_hash(text);
    l.text = text;
    out.push_back(l);
  }
  return ok();
}

}  // namespace

std::string key_hex(const std::array<unsigned char, 32>& key) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(64, '0');
  for (std::size_t i = 0; i < 32; ++i) {
    out[2 * i] = kDigits[key[i] >> 4];
    out[2 * i + 1] = kDigits[key[i] & 15];
  }
  return out;
}

std::string pack_digests(const DigestTable& table) {
  std::string out(table.size() * kPackedDigestBytes, '\0');
  char* p = out.data();
  for (const auto& d : table) {
    std::memcpy(p, d.key.data(), 32);
    for (int i = 0; i < 8; ++i) p[32 + i] = static_cast<char>((d.line_hash >> (56 - 8 * i)) & 0xff);
    p += kPackedDigestBytes;
  }
  return out;
}

Result<DigestTable> unpack_digests(std::string_view bytes) {
  if (bytes.size() % kPackedDigestBytes != 0)
    return invalid("kept snapshot digests: " + std::to_string(bytes.size()) + " bytes are not whole records");
  DigestTable out(bytes.size() / kPackedDigestBytes);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (std::size_t r = 0; r < out.size(); ++r, p += kPackedDigestBytes) {
    std::memcpy(out[r].key.data(), p, 32);
    for (int i = 0; i < 8; ++i) out[r].line_hash = (out[r].line_hash << 8) | p[32 + i];
    if (r > 0 && !(out[r - 1] < out[r])) return invalid("kept snapshot digests: not sorted by member key");
  }
  return out;
}

Result<SnapshotLines> read_snapshot_lines(const std::filesystem::path& dir) {
  auto verified = models::verify_snapshot_dir(dir);
  if (!verified) return invalid(verified.error().message());
  SnapshotLines s;
  s.manifest = std::move(*verified);
  auto manifest = read_file_bytes(dir / "manifest.json");
  if (!manifest) return manifest.error();
  s.manifest_text = std::move(*manifest);
  s.bytes = s.manifest_text.size();
  for (const auto& c : s.manifest.chunks) {
    auto bytes = read_file_bytes(dir / models::chunk_file_name(c.index));
    if (!bytes) return bytes.error();
    s.bytes += bytes->size();
    s.chunks.push_back(std::move(*bytes));
  }
  // Hashing every line is most of the work: chunks split over the cores.
  std::vector<std::vector<SnapshotLines::Line>> parts(s.chunks.size());
  std::vector<Status> outcomes(s.chunks.size());
  parallel_for(std::max(1u, std::thread::hardware_concurrency()), s.chunks.size(),
               [&](unsigned, std::size_t begin, std::size_t end) {
                 for (std::size_t i = begin; i < end; ++i)
                   outcomes[i] = index_chunk(s.chunks[i], models::chunk_file_name(s.manifest.chunks[i].index),
                                             parts[i]);
               });
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!outcomes[i]) return outcomes[i].error();
    s.lines.insert(s.lines.end(), parts[i].begin(), parts[i].end());
  }
  std::sort(s.lines.begin(), s.lines.end(), [](const auto& a, const auto& b) { return a.digest < b.digest; });
  for (std::size_t i = 1; i < s.lines.size(); ++i)
    if (!(s.lines[i - 1].digest < s.lines[i].digest))
      return invalid((dir / "manifest.json").string() + ": member " + key_hex(s.lines[i].digest.key) +
                     " appears twice");
  return s;
}

DigestTable digests_of(const SnapshotLines& snapshot) {
  DigestTable out;
  out.reserve(snapshot.lines.size());
  for (const auto& l : snapshot.lines) out.push_back(l.digest);
  return out;
}

SnapshotDelta compute_delta(const DigestTable& base, std::int64_t base_version, const SnapshotLines& next) {
  SnapshotDelta d;
  d.base_version = base_version;
  d.version = next.manifest.version;
  // Both sorted by key: one merge pass.
  std::size_t b = 0;
  for (const auto& line : next.lines) {
    while (b < base.size() && base[b] < line.digest) d.removed.push_back(key_hex(base[b++].key));
    if (b < base.size() && base[b].key == line.digest.key) {
      if (base[b].line_hash != line.digest.line_hash) d.upserts.push_back(line.text);
      ++b;
    } else {
      d.upserts.push_back(line.text);
    }
  }
  for (; b < base.size(); ++b) d.removed.push_back(key_hex(base[b].key));
  d.bytes = delta_body_json(d).size();
  return d;
}

std::string delta_body_json(const SnapshotDelta& delta) {
  std::string out = "{\"base_version\":";
  models::append_json_int(out, delta.base_version);
  out += ",\"removed\":[";
  for (std::size_t i = 0; i < delta.removed.size(); ++i) {
    if (i) out += ',';
    models::append_json_string(out, delta.removed[i]);
  }
  out += "],\"upserts\":[";
  for (std::size_t i = 0; i < delta.upserts.size(); ++i) {
    if (i) out += ',';
    models::append_json_string(out, delta.upserts[i]);
  }
  out += "],\"version\":";
  models::append_json_int(out, delta.version);
  out += '}';
  return out;
}

}  // namespace smartstore::sync::detail
