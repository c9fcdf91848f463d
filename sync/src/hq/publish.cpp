// HQ → store: snapshots (manifest first, then chunks) and JSON documents, QoS 1
// with a bounded window of unacknowledged publishes.
#include <algorithm>
#include <deque>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "downlink_signature.h"
#include "envelope_json.h"
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

std::string slurp(const std::filesystem::path& f, bool& ok) {
  std::ifstream in(f, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
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

Result<std::size_t> publish_chunks(const BrokerOptions& broker, const std::string& store_id,
                                   const std::filesystem::path& dir, const std::vector<std::uint32_t>* only,
                                   const std::filesystem::path& signing_key_file) {
  auto verified = models::verify_snapshot_dir(dir);
  if (!verified) return invalid(verified.error().message());
  const auto& m = *verified;
  if (m.store_id != store_id)
    return invalid((dir / "manifest.json").string() + ": store_id is '" + m.store_id + "', not " + store_id);
  Publisher pub(broker, signing_key_file);
  if (auto connected = pub.connect(); !connected) return connected.error();
  bool read = false;
  std::string manifest_text = slurp(dir / "manifest.json", read);
  if (auto sent = pub.send(store_id, content::snapshot_manifest, {{"manifest", manifest_text}}); !sent)
    return sent.error();
  for (const auto& c : m.chunks) {
    if (only && std::find(only->begin(), only->end(), c.index) == only->end()) continue;
    std::string data = slurp(dir / models::chunk_file_name(c.index), read);
    json body = {{"version", m.version}, {"index", c.index}, {"sha256", c.sha256}, {"data", std::move(data)}};
    if (auto sent = pub.send(store_id, content::snapshot_chunk, body); !sent) return sent.error();
  }
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
  json body = json::parse(body_json, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return invalid("document body is not a JSON object");
  Publisher pub(broker, signing_key_file);
  if (auto connected = pub.connect(); !connected) return connected.error();
  if (auto sent = pub.send(store_id, content_type, body); !sent) return sent.error();
  return pub.flush();
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

}  // namespace smartstore::sync
