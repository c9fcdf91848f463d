// HQ → store: snapshots (manifest first, then chunks), deltas and JSON
// documents, QoS 1 with a bounded window of unacknowledged publishes.
#include <algorithm>
#include <deque>
#include <nlohmann/json.hpp>

#include "downlink_signature.h"
#include "envelope_json.h"
#include "hq/file_bytes.h"
#include "hq/snapshot_plan.h"
#include "mqtt_link.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/hq.h"
#include "smartstore/sync/topics.h"

namespace smartstore::sync {
namespace {

using nlohmann::json;
constexpr std::size_t kWindow = 16;

Failure unavailable(std::string message) {
  return fail(ErrorKind::unavailable, std::move(message), "hq publish");
}
Failure invalid(std::string message) {
  return fail(ErrorKind::invalid_input, std::move(message), "hq publish");
}

class Publisher {
 public:
  Publisher(const BrokerOptions& b, std::filesystem::path signing_key_file)
      : broker_(b), signing_key_file_(std::move(signing_key_file)) {
    std::string id = b.client_id.empty() ? "smartstore-hq-" + new_message_id().substr(0, 12) : b.client_id;
    cli_ = detail::make_client(b, id, MQTTVERSION_3_1_1);
  }
  ~Publisher() {
    try {
      if (cli_->is_connected()) cli_->disconnect()->wait_for(std::chrono::seconds(5));
    } catch (const mqtt::exception&) {
    }
  }
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  Status connect() {
    if (!signing_key_file_.empty()) {
      auto signer = detail::DownlinkSigner::load(signing_key_file_);
      if (!signer) return signer.error();
      signer_ = std::move(*signer);
    }
    try {
      if (!cli_->connect(detail::connect_options_for(broker_, false, MQTTVERSION_3_1_1))
               ->wait_for(broker_.connect_timeout))
        return unavailable("cannot connect to " + broker_.uri + ": timed out");
    } catch (const mqtt::exception& e) {
      return unavailable("cannot connect to " + broker_.uri + ": " + e.what());
    }
    return ok();
  }
  // The envelope, signed when HQ has a key; waits for the oldest
  // acknowledgement beyond the window.
  Status send(const std::string& store_id, std::string_view kind, const json& body) {
    try {
      inflight_.push_back(cli_->publish(store_topic(store_id, Direction::down, kind),
                                        detail::make_envelope(store_id, kind, body, signer_.get()), 1,
                                        false));
      while (inflight_.size() > kWindow)
        if (auto acked = wait_one(); !acked) return acked;
    } catch (const mqtt::exception& e) {
      return unavailable(std::string("publish failed: ") + e.what());
    }
    return ok();
  }
  // Every message acknowledged: how many.
  Result<std::size_t> flush() {
    while (!inflight_.empty())
      if (auto acked = wait_one(); !acked) return acked.error();
    return acked_;
  }

 private:
  Status wait_one() {
    auto tok = inflight_.front();
    inflight_.pop_front();
    try {
      if (!tok->wait_for(std::chrono::seconds(30)))
        return unavailable("broker did not acknowledge within 30 s");
    } catch (const mqtt::exception& e) {
      return unavailable(std::string("publish refused: ") + e.what());
    }
    ++acked_;
    return ok();
  }
  BrokerOptions broker_;
  std::filesystem::path signing_key_file_;
  std::shared_ptr<const detail::DownlinkSigner> signer_;
  std::unique_ptr<mqtt::async_client> cli_;
  std::deque<mqtt::delivery_token_ptr> inflight_;
  std::size_t acked_ = 0;
};

// The manifest, then each chunk `chunk_bytes` gives (nullopt: left out).
template <typename ChunkBytes>
Status send_snapshot(Publisher& pub, const std::string& store_id, const models::SnapshotManifest& m,
                     const std::string& manifest_text, ChunkBytes chunk_bytes) {
  if (auto sent = pub.send(store_id, content::snapshot_manifest, {{"manifest", manifest_text}}); !sent)
    return sent;
  for (const auto& c : m.chunks) {
    Result<std::optional<std::string>> data = chunk_bytes(c.index);
    if (!data) return data.error();
    if (!*data) continue;
    json body = {
        {"version", m.version}, {"index", c.index}, {"sha256", c.sha256}, {"data", std::move(**data)}};
    if (auto sent = pub.send(store_id, content::snapshot_chunk, body); !sent) return sent;
  }
  return ok();
}

Result<std::size_t> publish_chunks(const BrokerOptions& broker, const std::string& store_id,
                                   const std::filesystem::path& dir, const std::vector<std::uint32_t>* only,
                                   const std::filesystem::path& signing_key_file) {
  auto verified = models::verify_snapshot_dir(dir);
  if (!verified) return invalid(verified.error().message());
  const auto& m = *verified;
  if (m.store_id != store_id)
    return invalid((dir / "manifest.json").string() + ": store_id is '" + m.store_id + "', not " + store_id);
  auto manifest_text = detail::read_file_bytes(dir / "manifest.json");
  if (!manifest_text) return manifest_text.error();
  Publisher pub(broker, signing_key_file);
  if (auto connected = pub.connect(); !connected) return connected.error();
  auto sent = send_snapshot(pub, store_id, m, *manifest_text,
                            [&](std::uint32_t index) -> Result<std::optional<std::string>> {
                              if (only && std::find(only->begin(), only->end(), index) == only->end())
                                return std::optional<std::string>();
                              auto bytes = detail::read_file_bytes(dir / models::chunk_file_name(index));
                              if (!bytes) return bytes.error();
                              return std::optional<std::string>(std::move(*bytes));
                            });
  if (!sent) return sent.error();
  return pub.flush();
}

// What the plan chose, sent: the delta as one message, or the snapshot read
// into memory for the plan.
Result<std::size_t> send_plan(const BrokerOptions& broker, const std::string& store_id,
                              const detail::SnapshotLines& snapshot, const detail::SnapshotPlan& plan,
                              const std::filesystem::path& signing_key_file) {
  using Kind = SnapshotPublication::Kind;
  if (plan.publication.kind == Kind::current) return std::size_t{0};
  Publisher pub(broker, signing_key_file);
  if (auto connected = pub.connect(); !connected) return connected.error();
  Status sent;
  if (plan.delta) {
    sent = pub.send(store_id, content::delta, json::parse(detail::delta_body_json(*plan.delta)));
  } else {
    sent = send_snapshot(pub, store_id, snapshot.manifest, snapshot.manifest_text,
                         [&](std::uint32_t index) -> Result<std::optional<std::string>> {
                           return std::optional<std::string>(snapshot.chunks.at(index));
                         });
  }
  if (!sent) return sent.error();
  return pub.flush();
}

}  // namespace

Result<std::size_t> publish_snapshot(const BrokerOptions& broker, const std::string& store_id,
                                     const std::filesystem::path& snapshot_dir,
                                     const std::filesystem::path& signing_key_file) {
  return publish_chunks(broker, store_id, snapshot_dir, nullptr, signing_key_file);
}

Result<std::size_t> publish_snapshot_chunks(const BrokerOptions& broker, const std::string& store_id,
                                            const std::filesystem::path& snapshot_dir,
                                            const std::vector<std::uint32_t>& indices,
                                            const std::filesystem::path& signing_key_file) {
  return publish_chunks(broker, store_id, snapshot_dir, &indices, signing_key_file);
}

Result<std::size_t> publish_document(const BrokerOptions& broker, const std::string& store_id,
                                     const std::string& content_type, const std::string& body_json,
                                     const std::filesystem::path& signing_key_file) {
  return publish_documents(broker, content_type, {{store_id, body_json}}, signing_key_file);
}

Result<std::size_t> publish_documents(const BrokerOptions& broker, const std::string& content_type,
                                      const std::vector<StoreDocument>& documents,
                                      const std::filesystem::path& signing_key_file) {
  std::vector<json> bodies;
  for (const auto& d : documents) {
    if (!valid_store_id(d.store_id))
      return invalid("store id '" + d.store_id + "' is not 1-32 of A-Z a-z 0-9 - _");
    bodies.push_back(json::parse(d.body_json, nullptr, false));
    if (bodies.back().is_discarded() || !bodies.back().is_object())
      return invalid("document body for " + d.store_id + " is not a JSON object");
  }
  if (documents.empty()) return std::size_t{0};
  Publisher pub(broker, signing_key_file);
  if (auto connected = pub.connect(); !connected) return connected.error();
  for (std::size_t i = 0; i < documents.size(); ++i)
    if (auto sent = pub.send(documents[i].store_id, content_type, bodies[i]); !sent) return sent.error();
  return pub.flush();
}

Result<SnapshotPublication> publish_store_snapshot(const BrokerOptions& broker, const std::string& store_id,
                                                   const std::filesystem::path& snapshot_dir,
                                                   const SnapshotPublishOptions& options) {
  auto snapshot = detail::read_snapshot_lines(snapshot_dir);
  if (!snapshot) return snapshot.error();
  if (snapshot->manifest.store_id != store_id)
    return invalid((snapshot_dir / "manifest.json").string() + ": store_id is '" +
                   snapshot->manifest.store_id + "', not " + store_id);
  std::unique_ptr<detail::HqStore> db;
  try {
    db = detail::open_hq_store(options.db);
  } catch (const std::exception& e) {
    return fail(ErrorKind::storage_io, e.what(), "hq publish");
  }
  auto plan = detail::plan_snapshot(*db, store_id, *snapshot, options.full);
  if (!plan) return plan.error();
  auto sent = send_plan(broker, store_id, *snapshot, *plan, options.signing_key_file);
  if (!sent) return sent.error();
  plan->publication.messages = *sent;
  return plan->publication;
}

std::string describe(const SnapshotPublication& p) {
  using Kind = SnapshotPublication::Kind;
  const std::string v = "v" + std::to_string(p.version);
  if (p.kind == Kind::current) return v + " not sent: " + p.why;
  if (p.kind == Kind::delta)
    return v + " as a delta on v" + std::to_string(p.base_version) + ": " + std::to_string(p.upserts) +
           " upserts, " + std::to_string(p.removed) + " removed, " + std::to_string(p.bytes) +
           " bytes (full " + std::to_string(p.full_bytes) + ")";
  return v + " in full, " + std::to_string(p.bytes) + " bytes (" + p.why + ")";
}

}  // namespace smartstore::sync
