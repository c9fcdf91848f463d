#pragma once
// Internal: where HQ keeps what stores send. Two implementations with the same
// guarantees: SQLite (a file) and PostgreSQL (libpqxx, for several ingest
// processes on one database). Events are keyed by (store, event id): a redelivery is
// counted as a duplicate, never stored twice, in the same transaction that
// stores the rest of its batch.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/sync/erasure.h"
#include "smartstore/sync/hq.h"

namespace smartstore::sync::detail {

struct IncomingEvent {
  std::string event_id, type, day, created_at, payload;
};

struct StoredEvent {
  std::string store_id, event_id, day, payload;
};

// One member on HQ's erasure list. origin: "hq" or the store whose staff asked.
struct ErasureRecord {
  std::string member_key, request_id, origin, requested_at;
};

class HqStore {
 public:
  virtual ~HqStore() = default;

  struct InsertCounts {
    std::uint64_t inserted = 0, duplicates = 0;
  };
  virtual InsertCounts insert_events(const std::string& store, const std::vector<IncomingEvent>& events) = 0;
  virtual void record_snapshot_ack(const std::string& store, std::int64_t version, bool applied,
                                   const std::string& error) = 0;
  // missing: how many of the store's events HQ lacked when this day-close
  // arrived. Kept as the largest seen for the day, so a later day-close after
  // the resend does not erase what was recovered.
  virtual void record_day_close(const std::string& store, const std::string& day, const std::string& type,
                                std::uint64_t store_count, const std::string& store_sha,
                                std::uint64_t missing) = 0;
  // Event ids HQ holds for one store/day/type, sorted by bytes (the order the
  // store hashes them in).
  virtual std::vector<std::string> held_ids(const std::string& store, const std::string& day,
                                            const std::string& type) = 0;
  virtual DayReport day_report(const std::string& day) = 0;
  // Every event of one type, by day, store and event id (uuid v7: the
  // order they happened in), one at a time: HQ may hold millions.
  virtual void each_event(const std::string& type, const std::function<void(const StoredEvent&)>& fn) = 0;

  // The erasure list: a member once listed stays listed (true: newly listed;
  // a second request keeps the first record).
  bool record_erasure(const ErasureRecord& e) { return record_member(MemberList::erasures, e); }
  // By member key; empty for a database from before the list existed.
  std::vector<ErasureRecord> erasures() { return member_list(MemberList::erasures); }
  // A store HQ heard from (any uplink message), for store_ids().
  virtual void note_store(const std::string& store) = 0;
  // Every store HQ has heard from, sorted (the stores table; a database from
  // before it existed is filled from the other tables when first opened).
  virtual std::vector<std::string> store_ids() = 0;

  // The newest snapshot version the store acknowledged as applied; 0 when none.
  virtual std::int64_t acknowledged_version(const std::string& store) = 0;
  // What HQ keeps of each snapshot it publishes, to send the next one as a
  // delta: packed profile digests (snapshot_delta.h). Kept again: replaced.
  virtual void keep_published(const std::string& store, std::int64_t version, const std::string& digests) = 0;
  // The digests kept for that version; nullopt when never kept or pruned.
  virtual std::optional<std::string> published_digests(const std::string& store, std::int64_t version) = 0;
  // Keeps `acknowledged` and the newest `newer` versions after it (a store
  // acknowledges only what it was sent, and its version never goes back);
  // drops the rest. How many were dropped.
  virtual std::uint64_t prune_published(const std::string& store, std::int64_t acknowledged, int newer) = 0;
  // The member key replaced by "erased" in every stored payload except the
  // erasure events themselves (HQ's record that each store complied); how
  // many events changed.
  virtual std::uint64_t scrub_member(const std::string& member_key) = 0;
  // The consent withdrawal list (consent.h), kept as the erasure list is:
  // a member once listed stays listed; true when newly listed.
  bool record_consent_withdrawal(const ErasureRecord& e) {
    return record_member(MemberList::consent_withdrawals, e);
  }
  // By member key; empty for a database from before the list existed.
  std::vector<ErasureRecord> consent_withdrawals() { return member_list(MemberList::consent_withdrawals); }

 protected:
  // The two member lists share one table shape; each backend stores them.
  enum class MemberList { erasures, consent_withdrawals };
  static const char* table_of(MemberList list) {
    return list == MemberList::erasures ? "erasures" : "consent_withdrawals";
  }
  virtual bool record_member(MemberList list, const ErasureRecord& e) = 0;
  virtual std::vector<ErasureRecord> member_list(MemberList list) = 0;
};

// The event types that record an erasure; scrub_member leaves them alone.
inline constexpr const char* kEraseRequestedEvent = "member_erase_requested";
inline constexpr const char* kErasureDoneEvent = "erasure_done";
// Staff recorded a member's consent withdrawal at a store (its payload as
// member_erase_requested's): HQ lists the member in consent_withdrawals.
inline constexpr const char* kConsentWithdrawalRequestedEvent = "consent_withdrawal_requested";

// The erasure a member_erase_requested event from `store` asks for (its
// payload names member_key, request_id and requested_at); invalid_input says
// what is missing.
[[nodiscard]] Result<ErasureRecord> erase_request_of(const std::string& store, const IncomingEvent& e);
// A member list as the batch reads it (--erased, --withdrawn): the comment
// lines, then one key per line in the list's order; written 0600.
[[nodiscard]] Status write_member_list(const std::filesystem::path& out, const std::string& comment,
                                       const std::vector<ErasureRecord>& list);
// unavailable: `db` (named without its password) is not a usable HQ database.
[[nodiscard]] Failure db_unavailable(const std::string& db, const std::exception& e, const char* origin);

// One of HQ's member lists (erasures, consent withdrawals): how it is kept
// and which downlink tells stores of it.
struct MemberList {
  bool (HqStore::*record)(const ErasureRecord&);
  std::vector<ErasureRecord> (HqStore::*listed)();
  std::string_view content_type;
  const char* origin;  // names the list in errors
};
struct MemberListing {
  bool newly_listed = false;  // false: listed before (stores get the first request's id again)
  std::vector<std::string> stores_sent;
};
// Lists a member at HQ's request (origin "hq"), runs `also` on the open store,
// and sends the list's downlink for that member to every store HQ knows
// (none without a broker). invalid_input: not a member key.
[[nodiscard]] Result<MemberListing> list_member(const EraseOptions& o, const std::string& member_key,
                                                const MemberList& list,
                                                const std::function<void(HqStore&)>& also = {});
// The erasures (and consent-withdrawals) downlink's body.
[[nodiscard]] std::string erasures_body(const std::string& request_id,
                                        const std::vector<std::string>& member_keys);
// Every run of 64 hex digits in `payload` that is a listed member key,
// replaced by "erased"; true when something was.
bool scrub_erased_keys(std::string& payload, const std::unordered_set<std::string>& erased);

// Rows of the day report as the backends' queries produce them.
struct ReportRows {
  std::map<std::string, StoreDayReport> stores;
  StoreDayReport& store(const std::string& id) {
    auto& r = stores[id];
    r.store_id = id;
    return r;
  }
  void add_events(const std::string& id, const std::string& type, std::uint64_t n) {
    auto& r = store(id);
    r.events_by_type[type] = n;
    r.events_total += n;
  }
  void add_close(const std::string& id, std::uint64_t found, std::uint64_t open) {
    auto& r = store(id);
    r.day_closed = true;
    r.gaps_found = found;
    r.gaps = open;
    r.gaps_recovered = found > open ? found - open : 0;
  }
  DayReport finish(const std::string& day) {
    DayReport out{day, {}};
    for (auto& [id, r] : stores) out.stores.push_back(std::move(r));
    return out;
  }
};

// The tables both stores keep, in the SQL both read; the column types are the
// backend's own: INTEGER/INTEGER/BLOB for SQLite, BIGINT/BOOLEAN/BYTEA for PostgreSQL.
[[nodiscard]] std::string hq_schema(std::string_view integer_type, std::string_view boolean_type,
                                    std::string_view blob_type);
[[nodiscard]] std::string events_table_sql();
// Fills the stores table from the tables that name stores: run once, when
// the table is created in a database that already holds stores' messages.
[[nodiscard]] std::string stores_backfill_sql(std::string_view now);
// Keep acknowledged ($2) and the newest $3 versions after it ($1 the store); the
// backend's placeholders are ?N in SQLite and $N in PostgreSQL, both numbered.
[[nodiscard]] std::string prune_published_sql(char placeholder);
// Databases from when events were keyed by event id alone: re-keyed by
// (store_id, event_id). PostgreSQL swaps the primary key in place.
[[nodiscard]] std::string sqlite_events_rekey_sql();
inline constexpr const char* kPostgresEventsRekeySql =
    "ALTER TABLE events DROP CONSTRAINT events_pkey; ALTER TABLE events ADD PRIMARY KEY(store_id, event_id);";
[[nodiscard]] bool is_postgres_url(const std::string& db);
// The database named in an error or a log line without a password in it.
[[nodiscard]] std::string db_for_logs(const std::string& db);
// SQLite file (created 0600 unless read_only) or postgresql:// URL; throws
// std::runtime_error naming what cannot be opened.
[[nodiscard]] std::unique_ptr<HqStore> open_hq_store(const std::string& db, bool read_only = false);
std::unique_ptr<HqStore> open_sqlite_store(const std::string& file, bool read_only);
std::unique_ptr<HqStore> open_postgres_store(const std::string& url, bool read_only);

}  // namespace smartstore::sync::detail
