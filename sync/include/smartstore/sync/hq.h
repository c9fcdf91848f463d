#pragma once
// Headquarters side of the protocol (docs/sync-protocol.md): publishing
// snapshots and documents to stores, ingesting their uplink idempotently into
// SQLite or PostgreSQL, and the per-day report. smartstore-hq is a thin main over this.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/sync/broker_options.h"

namespace smartstore::sync {

// Each publish returns how many messages the broker acknowledged, or what
// failed, naming the file or the broker: invalid_input (a snapshot that does
// not verify, another store's, a body that is not a JSON object), unavailable
// (the broker cannot be reached or did not acknowledge).
//
// signing_key_file: HQ's Ed25519 private key (PEM, provision.sh's
// hq-ed25519.key); every envelope is signed with it, and kiosks that hold the
// public key refuse what is unsigned. Empty: sent unsigned. A key that does
// not load fails the publish, naming the file.
//
// Publishes manifest + every chunk of a verified snapshot directory to the
// store named in its manifest (must equal store_id), QoS 1.
[[nodiscard]] Result<std::size_t> publish_snapshot(const BrokerOptions& broker, const std::string& store_id,
                                                   const std::filesystem::path& snapshot_dir,
                                                   const std::filesystem::path& signing_key_file = {});
// Only some chunks (and the manifest), answering a store's chunk request.
[[nodiscard]] Result<std::size_t> publish_snapshot_chunks(const BrokerOptions& broker,
                                                          const std::string& store_id,
                                                          const std::filesystem::path& snapshot_dir,
                                                          const std::vector<std::uint32_t>& indices,
                                                          const std::filesystem::path& signing_key_file = {});
// A JSON document as campaigns, catalog, coupon-key, revocations, aliases or
// erasures: body_json is the envelope body (e.g. {"campaigns": [...]}).
[[nodiscard]] Result<std::size_t> publish_document(const BrokerOptions& broker, const std::string& store_id,
                                                   const std::string& content_type,
                                                   const std::string& body_json,
                                                   const std::filesystem::path& signing_key_file = {});
// Documents of one content type to several stores over one connection.
struct StoreDocument {
  std::string store_id, body_json;
};
[[nodiscard]] Result<std::size_t> publish_documents(const BrokerOptions& broker,
                                                    const std::string& content_type,
                                                    const std::vector<StoreDocument>& documents,
                                                    const std::filesystem::path& signing_key_file = {});

// A store's snapshot as a delta against the version the store last
// acknowledged, when that is smaller than the full snapshot
// (docs/sync-protocol.md, "Deltas").
struct SnapshotPublishOptions {
  // HQ's database (SQLite file or postgresql:// URL): the store's acknowledged
  // version, and the digests of what was published to diff against. The new
  // snapshot's digests are kept there; older ones are pruned.
  std::string db;
  bool full = false;  // the full snapshot whatever the store holds
  std::filesystem::path signing_key_file;
};

struct SnapshotPublication {
  enum class Kind { full, delta, current };  // current: the store acknowledged this version; nothing sent
  Kind kind = Kind::full;
  std::int64_t version = 0;
  std::int64_t base_version = 0;  // the acknowledged version the delta applies on (0: none)
  std::uint64_t bytes = 0;        // what was sent: the delta's body, or manifest + chunks
  std::uint64_t full_bytes = 0;   // the full snapshot's manifest + chunks
  std::size_t upserts = 0, removed = 0, messages = 0;
  std::string why;  // why it went full (or nothing went), for the operator
};
[[nodiscard]] std::string describe(const SnapshotPublication& p);

// invalid_input: the directory does not verify or is another store's;
// storage_io: HQ's database; unavailable: the broker.
[[nodiscard]] Result<SnapshotPublication> publish_store_snapshot(const BrokerOptions& broker,
                                                                 const std::string& store_id,
                                                                 const std::filesystem::path& snapshot_dir,
                                                                 const SnapshotPublishOptions& options);

struct IngestOptions {
  BrokerOptions broker;  // client_id: fixed per ingest process
  // SQLite file (created 0600) or a postgresql://user@host:port/dbname URL
  // (libpqxx; several ingest processes may share one database).
  std::filesystem::path db;
  std::filesystem::path snapshots_root;    // <root>/<store>/ answers chunk requests; may be empty
  std::string share_group = "hq";          // $share/<group>/... splits stores across processes
  std::filesystem::path signing_key_file;  // signs acks, answers and chunks (see publish_snapshot)
  // Chunks one store is served in any minute, whatever it asks for.
  std::size_t chunks_per_store_per_minute = 120;
  // A chunk this process sent a store less than this ago is not sent again
  // when the store asks for it: it is still on its way.
  std::chrono::milliseconds chunk_resend_after{std::chrono::seconds(60)};
};

struct IngestStats {
  std::uint64_t events_stored = 0;
  std::uint64_t duplicates_dropped = 0;
  std::uint64_t messages_rejected = 0;
  std::uint64_t day_closes_answered = 0;
  std::uint64_t chunk_requests_answered = 0;
  std::uint64_t chunk_requests_limited = 0;  // cut short by chunks_per_store_per_minute
  std::uint64_t chunks_not_resent = 0;       // asked for again within chunk_resend_after
};

// Subscribes (MQTT 5 shared subscription, persistent session) and stores what
// arrives; acknowledges events back to each store after they are committed.
// Events are keyed by (store id, event id). A topic's store id must be 1-32 of
// A-Z a-z 0-9 - _ and not HQ's own certificate name (its CN; "hq" without
// one), or the message is refused. Chunk requests are served on a thread of
// their own, bounded per store (docs/security.md).
class Ingest {
 public:
  explicit Ingest(IngestOptions options);
  ~Ingest();
  Ingest(const Ingest&) = delete;
  Ingest& operator=(const Ingest&) = delete;
  // Subscribed (the broker granted it), or why not: storage_io (the
  // database), forbidden (the broker refused the subscription), unavailable
  // (no broker, or no SUBACK in time).
  [[nodiscard]] Status start();
  void stop();
  [[nodiscard]] IngestStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct StoreDayReport {
  std::string store_id;
  std::map<std::string, std::uint64_t> events_by_type;
  std::uint64_t events_total = 0;
  std::uint64_t duplicates_dropped = 0;
  // From the store's day-closes for the day: events it counted that HQ still
  // does not hold (0 when none or no day-close yet) ...
  std::uint64_t gaps = 0;
  // ... what HQ lacked when the day-close arrived (the most over repeated
  // day-closes), and how many of those the store's resend has filled since.
  std::uint64_t gaps_found = 0;
  std::uint64_t gaps_recovered = 0;
  bool day_closed = false;
  std::int64_t snapshot_version_acknowledged = 0;
};

struct DayReport {
  std::string day;
  std::vector<StoreDayReport> stores;
};

// db: a SQLite file (opened read-only) or a postgresql:// URL, as for ingest.
// Error unavailable: not a readable HQ database (named without its password).
[[nodiscard]] Result<DayReport> build_report(const std::string& db, const std::string& day);
[[nodiscard]] std::string report_json(const DayReport& r);
[[nodiscard]] std::string report_table(const DayReport& r);

// The smartstore-hq command line (usage in docs/sync-protocol.md); returns the exit code.
int run_hq_cli(int argc, char** argv);

}  // namespace smartstore::sync
