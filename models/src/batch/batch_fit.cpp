// The fit pass of a sharded or sampled batch: every fit of the batch made on
// the fit sample's customers, kept as what each part scores with.
#include <unordered_map>

#include "../predictive/batch_predictions.h"
#include "../segment/member_segments.h"
#include "batch_run.h"
#include "event_fold.h"
#include "smartstore/common/parallel.h"
#include "smartstore/models/member_key.h"

namespace smartstore::models::batch {

// The CSV tables and the member list. The member list is independent of the
// tables: it is read alongside (load_tables' own two threads leave slack
// beside the purchases), or after them, and only when they were read.
Status read_inputs(const BatchOptions& o, Tables& tables,
                   std::unordered_map<std::string, std::string>& card_of) {
  const bool with_members = !o.inputs.members.empty();
  const bool parallel = with_members && o.threads > 1;
  Status tables_read, members_read;
  run_both(
      parallel, [&] { tables_read = load_tables(o, tables); },
      [&] {
        if (with_members && (parallel || tables_read)) members_read = read_members(o.inputs.members, card_of);
      });
  if (!tables_read) return tables_read;
  return members_read;
}

// Member keys before anything is written: the card number when the member
// list has one (what the kiosk scans), else the cust id. Each worker keys
// every W-th customer with its own keyer (a keyer is not shared).
std::vector<std::string> member_keys(const std::vector<std::string_view>& custs,
                                     const std::unordered_map<std::string, std::string>& card_of,
                                     const BatchOptions& o) {
  std::vector<std::string> keys(custs.size());
  const unsigned workers = worker_count(o.threads);
  const MemberKeyer keyer(o.deployment_key);
  run_workers(workers, [&](unsigned w) {
    MemberKeyer own = keyer;
    for (std::size_t i = w; i < custs.size(); i += workers) {
      const std::string id(custs[i]);
      auto it = card_of.find(id);
      keys[i] = own.key(it != card_of.end() ? it->second : id);
    }
  });
  return keys;
}

namespace {

// The predictive models without the sample's per-customer columns.
void keep_models(ProfilePredictions& p) {
  std::vector<std::uint32_t>().swap(p.companions);
  std::vector<std::int32_t>().swap(p.recommended);
  std::vector<Day>().swap(p.next_purchase);
  std::vector<std::int64_t>().swap(p.expected_spend_krw);
}

// Store -> zone name: the commonest home zone of each store's sampled buyers.
void infer_zones(const Facts& f, GlobalFit& g) {
  const auto zones = infer_store_zones(f.stores.size(), f.visits, f.zone);
  for (std::size_t s = 0; s < f.stores.size(); ++s)
    if (zones[s] >= 0) g.store_zone[f.stores[s]] = f.zones[static_cast<std::size_t>(zones[s])];
  g.zones_inferred = true;
}

}  // namespace

Result<GlobalFit> fit_global(const BatchOptions& sample, Day as_of, const DemandConditions& conditions) {
  BatchOptions o = sample;
  o.as_of = as_of;
  auto store = read_store_inputs(o.inputs, o.threads);
  if (!store) return store.error();
  Tables tables;
  std::unordered_map<std::string, std::string> card_of;
  if (auto read = read_inputs(o, tables, card_of); !read) return read.error();
  auto keys = member_keys(customer_order(tables), card_of, o);
  erase_members(tables, store->erased, keys);
  GlobalFit g;
  Facts facts = build_facts(tables, o);
  // The sample's members' store events fold in as in the whole batch, so
  // the fits see what it sees.
  EventFold events = index_events(store->events, keys, tables, facts);
  fold_sold_items(tables, facts, events);
  Scores scores = score_customers(tables, facts, o);
  fold_scores(events, o.deliberation, scores);
  assign_member_segments(tables, facts, o, scores);
  g.predictions = predict_for_batch(tables, facts, o, conditions);
  keep_models(g.predictions);
  g.scores = global_part(scores);
  g.facts.ages = facts.ages;
  g.facts.zones = facts.zones;
  g.facts.as_of = as_of;
  g.sample_customers = facts.n;
  if (o.inputs.store_zones.empty()) infer_zones(facts, g);
  return g;
}

}  // namespace smartstore::models::batch
