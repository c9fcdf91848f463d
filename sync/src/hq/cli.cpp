// smartstore-hq's command line. Usage errors exit 2, runtime failures 1.
#include <csignal>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "hq/file_bytes.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/batch_campaigns.h"
#include "smartstore/sync/consent.h"
#include "smartstore/sync/coupon_key_seal.h"
#include "smartstore/sync/envelope.h"
#include "smartstore/sync/erasure.h"
#include "smartstore/sync/exposure_export.h"
#include "smartstore/sync/hq.h"
#include "smartstore/sync/nightly.h"
#include "smartstore/sync/store_events_export.h"

namespace smartstore::sync {
namespace {

constexpr const char* kUsage = R"(usage: smartstore-hq COMMAND [options]
  publish  --broker URI [TLS] (--store ID SNAPSHOT_DIR | --all-stores DIR) [--db FILE|URL [--full]]
           with --db: a delta against the version each store acknowledged when smaller (docs/sync-protocol.md)
  campaign --broker URI [TLS] --store ID[,ID...] (FILE.json | --from-batch DIR [--standing FILE.json]
           [--control-bp N] [--budget N] [--today YYYY-MM-DD])   (the batch's dip campaign, docs/hq.md)
  catalog  --broker URI [TLS] --store ID FILE.json
  coupon-key --broker URI [TLS] --store ID --store-key FILE --key-id N (--new-key FILE [--not-after UNIX] | --retire)
           a coupon key for the store's kiosks, sealed under its provisioned key (--store-key, id 1)
  ingest   --broker URI [TLS] --db FILE|URL [--snapshots DIR] [--client-id ID] [--group NAME]
  report   --db FILE|URL --day YYYY-MM-DD [--json]
  exposures --db FILE|URL --out exposures.csv   (the uplift report's input, docs/uplift.md)
  erase    --db FILE|URL --member KEY [--broker URI [TLS]]   (lists the member, sends every store the erasure)
  erasures --db FILE|URL --out FILE   (the erasure list: the batch's --erased file, docs/hq.md)
  withdraw-consent --db FILE|URL --member KEY [--broker URI [TLS]]   (no personalized coupon, every store)
  withdrawals --db FILE|URL --out FILE   (the consent withdrawal list: the batch's --withdrawn file)
  nightly  --db FILE|URL --day YYYY-MM-DD --exports DIR --work DIR --store ID[,ID...]
           [--deployment-key FILE] [--models PROGRAM] [--catalog FILE.json] [--no-campaigns]
           [--memory-budget SIZE] [--broker URI [TLS]]   (check, export, batch, publish; idempotent: docs/hq.md)
  store-events --db FILE|URL --out events.csv   (the batch's --events input, docs/models.md)
--db: a SQLite file (created 0600) or postgresql://[user@]host[:port]/dbname[?host=/socket/dir]
TLS: --ca FILE --cert FILE --key FILE (ssl:// URIs; the certificate's CN is the ACL user)
     --signing-key FILE: HQ's Ed25519 key (hq-ed25519.key); signs every downlink message.
     Kiosks that hold the public key refuse unsigned messages.
)";

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_signal(int) {
  g_stop = 1;
}

struct Args {
  std::map<std::string, std::string> opts;
  std::vector<std::string> positional;
};

Result<Args> parse(int argc, char** argv, int first) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--json" || s == "--retire" || s == "--no-campaigns" || s == "--full") {
      a.opts[s] = "1";
    } else if (s.rfind("--", 0) == 0) {
      if (i + 1 >= argc) return fail(ErrorKind::invalid_input, s + " needs a value", "hq cli");
      a.opts[s] = argv[++i];
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

std::string opt(const Args& a, const std::string& k) {
  auto it = a.opts.find(k);
  return it == a.opts.end() ? "" : it->second;
}

BrokerOptions broker_of(const Args& a) {
  BrokerOptions b;
  b.uri = opt(a, "--broker");
  b.client_id = opt(a, "--client-id");
  b.ca_file = opt(a, "--ca");
  b.cert_file = opt(a, "--cert");
  b.key_file = opt(a, "--key");
  return b;
}

int usage(const std::string& why) {
  std::cerr << "smartstore-hq: " << why << "\n" << kUsage;
  return 2;
}

int report_outcome(const Result<std::size_t>& published, const std::string& what) {
  if (!published) {
    std::cerr << "smartstore-hq: " << what << ": " << published.error().message() << "\n";
    return 1;
  }
  std::cout << what << ": " << *published << " messages acknowledged by the broker\n";
  return 0;
}

// With --db: a delta against what each store acknowledged when smaller (--full: never).
int publish_one(const Args& a, const BrokerOptions& b, const std::string& store,
                const std::filesystem::path& dir) {
  if (opt(a, "--db").empty())
    return report_outcome(publish_snapshot(b, store, dir, opt(a, "--signing-key")), "publish " + store);
  auto sent = publish_store_snapshot(b, store, dir,
                                     {opt(a, "--db"), a.opts.count("--full") != 0, opt(a, "--signing-key")});
  if (!sent) {
    std::cerr << "smartstore-hq: publish " << store << ": " << sent.error().message() << "\n";
    return 1;
  }
  std::cout << "publish " << store << ": " << describe(*sent) << "; " << sent->messages
            << " messages acknowledged by the broker\n";
  return 0;
}

int cmd_publish(const Args& a) {
  auto b = broker_of(a);
  if (b.uri.empty()) return usage("publish needs --broker");
  if (a.opts.count("--full") && opt(a, "--db").empty())
    return usage("--full needs --db (without it every publish is full)");
  if (auto all = opt(a, "--all-stores"); !all.empty()) {
    int rc = 0;
    for (const auto& entry : std::filesystem::directory_iterator(all)) {
      if (!entry.is_directory() || !std::filesystem::exists(entry.path() / "manifest.json")) continue;
      auto m = models::verify_snapshot_dir(entry.path());
      if (!m) {
        std::cerr << "smartstore-hq: " << m.error().message() << "\n";
        rc = 1;
        continue;
      }
      rc |= publish_one(a, b, m->store_id, entry.path());
    }
    return rc;
  }
  auto store = opt(a, "--store");
  if (store.empty() || a.positional.size() != 1)
    return usage("publish needs --store ID SNAPSHOT_DIR or --all-stores DIR");
  return publish_one(a, b, store, a.positional[0]);
}

std::vector<std::string> store_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream list(text);
  for (std::string id; std::getline(list, id, ',');)
    if (!id.empty()) out.push_back(id);
  return out;
}

int cmd_campaign_from_batch(const Args& a) {
  auto b = broker_of(a);
  auto stores = store_list(opt(a, "--store"));
  if (b.uri.empty() || stores.empty()) return usage("campaign --from-batch needs --broker and --store");
  BatchCampaignOptions o{opt(a, "--from-batch"), opt(a, "--standing"), opt(a, "--today"), 0, -1};
  try {
    if (auto bp = opt(a, "--control-bp"); !bp.empty())
      o.control_bp = static_cast<std::uint32_t>(std::stoul(bp));
    if (auto n = opt(a, "--budget"); !n.empty()) o.budget = std::stoll(n);
  } catch (const std::exception&) {
    return usage("--control-bp and --budget take whole numbers");
  }
  auto body = campaigns_from_batch(o);
  if (!body) {
    std::cerr << "smartstore-hq: campaign: " << body.error().message() << "\n";
    return body.error().kind() == ErrorKind::invalid_input ? 2 : 1;
  }
  std::vector<StoreDocument> docs;
  for (const auto& id : stores) docs.push_back({id, *body});
  auto n = nlohmann::json::parse(*body)["campaigns"].size();
  std::cout << "campaign: " << n << " campaigns from " << o.batch_dir.string() << "\n";
  return report_outcome(publish_documents(b, "campaigns", docs, opt(a, "--signing-key")), "campaign");
}

int cmd_nightly(const Args& a) {
  NightlyOptions o;
  o.db = opt(a, "--db");
  o.day = opt(a, "--day");
  o.exports = opt(a, "--exports");
  o.work = opt(a, "--work");
  o.stores = store_list(opt(a, "--store"));
  o.deployment_key = opt(a, "--deployment-key");
  if (auto m = opt(a, "--models"); !m.empty()) o.models_program = m;
  o.broker = broker_of(a);
  o.signing_key_file = opt(a, "--signing-key");
  o.catalog = opt(a, "--catalog");
  o.memory_budget = opt(a, "--memory-budget");
  o.campaigns_from_batch = a.opts.count("--no-campaigns") == 0;
  if (o.db.empty() || o.day.empty() || o.exports.empty() || o.work.empty() || o.stores.empty())
    return usage("nightly needs --db, --day, --exports, --work and --store");
  auto r = run_nightly(o);
  if (!r) {
    std::cerr << "smartstore-hq: nightly: " << r.error().message() << "\n";
    return r.error().kind() == ErrorKind::invalid_input ? 2 : 1;
  }
  std::cout << nightly_summary(*r);
  return 0;
}

int cmd_document(const Args& a, const std::string& type) {
  if (type == "campaign" && a.opts.count("--from-batch")) return cmd_campaign_from_batch(a);
  auto b = broker_of(a);
  auto store = opt(a, "--store");
  if (b.uri.empty() || store.empty() || a.positional.size() != 1)
    return usage(type + " needs --broker, --store and FILE");
  auto text = detail::read_file_bytes(a.positional[0]);
  if (!text) {
    std::cerr << "smartstore-hq: " << text.error().message() << "\n";
    return 1;
  }
  auto doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded()) {
    std::cerr << "smartstore-hq: " << a.positional[0] << ": invalid JSON\n";
    return 1;
  }
  nlohmann::json body = {{type == "campaign" ? "campaigns" : "catalog", doc}};
  return report_outcome(publish_document(b, store, type == "campaign" ? "campaigns" : "catalog", body.dump(),
                                         opt(a, "--signing-key")),
                        type);
}

std::optional<std::vector<unsigned char>> read_bytes(const std::string& file) {
  auto bytes = detail::read_file_bytes(file);
  if (!bytes) return std::nullopt;
  return std::vector<unsigned char>(bytes->begin(), bytes->end());
}

// A new coupon key (or a retirement) for one store, sealed so the broker never holds it in clear.
int cmd_coupon_key(const Args& a) {
  auto b = broker_of(a);
  auto store = opt(a, "--store");
  const bool retire = a.opts.count("--retire") != 0;
  if (b.uri.empty() || store.empty() || opt(a, "--store-key").empty() || opt(a, "--key-id").empty() ||
      retire == !opt(a, "--new-key").empty())
    return usage("coupon-key needs --broker, --store, --store-key, --key-id and --new-key FILE or --retire");
  CouponKeyUpdate u;
  u.retire = retire;
  try {
    u.key_id = std::stoi(opt(a, "--key-id"));
    if (auto t = opt(a, "--not-after"); !t.empty()) u.not_after = std::stoll(t);
  } catch (const std::exception&) {
    return usage("--key-id and --not-after take integers");
  }
  auto store_key = read_bytes(opt(a, "--store-key"));
  auto secret = retire ? std::optional<std::vector<unsigned char>>(std::vector<unsigned char>{})
                       : read_bytes(opt(a, "--new-key"));
  if (!store_key || !secret) {
    std::cerr << "smartstore-hq: coupon-key: cannot read --store-key or --new-key\n";
    return 1;
  }
  u.secret = std::move(*secret);
  auto sealed = seal_coupon_key(*store_key, store, u);
  if (!sealed) {
    std::cerr << "smartstore-hq: " << sealed.error().message() << "\n";
    return 1;
  }
  return report_outcome(
      publish_document(b, store, "coupon-key", "{\"key\":" + *sealed + "}", opt(a, "--signing-key")),
      "coupon-key " + std::to_string(u.key_id));
}

int cmd_ingest(const Args& a) {
  IngestOptions o;
  o.broker = broker_of(a);
  o.db = opt(a, "--db");
  o.snapshots_root = opt(a, "--snapshots");
  o.signing_key_file = opt(a, "--signing-key");
  if (auto g = opt(a, "--group"); !g.empty()) o.share_group = g;
  if (o.broker.uri.empty() || o.db.empty()) return usage("ingest needs --broker and --db");
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  Ingest ingest(o);
  if (auto started = ingest.start(); !started) {
    std::cerr << "smartstore-hq: ingest: " << started.error().message() << "\n";
    return 1;
  }
  // Stores may publish from here on: the broker has granted the subscription
  // (what the broker receives before this line, with no HQ session yet, is lost).
  std::cerr << "ingest: subscribed" << std::endl;
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ingest.stop();
  auto s = ingest.stats();
  std::cerr << "ingest: stopped; stored " << s.events_stored << ", duplicates dropped "
            << s.duplicates_dropped << ", rejected " << s.messages_rejected << ", chunk requests answered "
            << s.chunk_requests_answered << ", chunks not resent " << s.chunks_not_resent << std::endl;
  return 0;
}

int cmd_report(const Args& a) {
  auto db = opt(a, "--db");
  auto day = opt(a, "--day");
  if (db.empty() || day.size() != 10) return usage("report needs --db FILE|URL --day YYYY-MM-DD");
  auto r = build_report(db, day);
  if (!r) {
    std::cerr << "smartstore-hq: report: " << r.error().message() << "\n";
    return 1;
  }
  std::cout << (a.opts.count("--json") ? report_json(*r) + "\n" : report_table(*r));
  return 0;
}

int cmd_exposures(const Args& a) {
  auto db = opt(a, "--db");
  auto out = opt(a, "--out");
  if (db.empty() || out.empty()) return usage("exposures needs --db FILE|URL --out FILE");
  auto s = export_exposures(db, out);
  if (!s) {
    std::cerr << "smartstore-hq: exposures: " << s.error().message() << "\n";
    return 1;
  }
  std::cout << "exposures: " << s->issued << " issued (" << s->redeemed << " redeemed), " << s->held_out
            << " held out -> " << out << "; " << s->without_campaign << " coupons outside campaigns, "
            << s->redemptions_unmatched << " redemptions without their issue\n";
  return 0;
}

int cmd_erase(const Args& a) {
  EraseOptions o{opt(a, "--db"), broker_of(a), opt(a, "--signing-key")};
  auto member = opt(a, "--member");
  if (o.db.empty() || member.empty()) return usage("erase needs --db FILE|URL --member KEY");
  auto r = erase_member(o, member);
  if (!r) {
    std::cerr << "smartstore-hq: erase: " << r.error().message() << "\n";
    return r.error().kind() == ErrorKind::invalid_input ? 2 : 1;
  }
  std::cout << "erase: member " << (r->newly_listed ? "listed" : "already listed") << "; "
            << r->events_scrubbed << " stored events scrubbed; sent to " << r->stores_sent.size() << " stores"
            << (o.broker.uri.empty() ? " (no --broker: the nightly sends it)" : "") << "\n";
  return 0;
}

int cmd_withdraw_consent(const Args& a) {
  EraseOptions o{opt(a, "--db"), broker_of(a), opt(a, "--signing-key")};
  auto member = opt(a, "--member");
  if (o.db.empty() || member.empty()) return usage("withdraw-consent needs --db FILE|URL --member KEY");
  auto r = withdraw_consent(o, member);
  if (!r) {
    std::cerr << "smartstore-hq: withdraw-consent: " << r.error().message() << "\n";
    return r.error().kind() == ErrorKind::invalid_input ? 2 : 1;
  }
  std::cout << "withdraw-consent: member " << (r->newly_listed ? "listed" : "already listed") << "; sent to "
            << r->stores_sent.size() << " stores"
            << (o.broker.uri.empty() ? " (no --broker: the next snapshot carries it)" : "") << "\n";
  return 0;
}

// erasures, withdrawals: one of HQ's member lists as the batch reads it.
int cmd_member_list(const Args& a, const std::string& name,
                    Result<std::size_t> (*export_list)(const std::string&, const std::filesystem::path&)) {
  auto db = opt(a, "--db"), out = opt(a, "--out");
  if (db.empty() || out.empty()) return usage(name + " needs --db FILE|URL --out FILE");
  auto n = export_list(db, out);
  if (!n) std::cerr << "smartstore-hq: " << name << ": " << n.error().message() << "\n";
  if (n) std::cout << name << ": " << *n << " members -> " << out << "\n";
  return n ? 0 : 1;
}

int cmd_store_events(const Args& a) {
  auto db = opt(a, "--db");
  auto out = opt(a, "--out");
  if (db.empty() || out.empty()) return usage("store-events needs --db FILE|URL --out FILE");
  auto s = export_store_events(db, out);
  if (!s) {
    std::cerr << "smartstore-hq: store-events: " << s.error().message() << "\n";
    return 1;
  }
  std::cout << "store-events: " << s->rows << " rows from " << s->notes << " staff notes, " << s->issued
            << " coupons issued, " << s->redeemed << " redeemed -> " << out << "; " << s->unattached
            << " notes without a member, " << s->erased << " events of erased members left out\n";
  return 0;
}

}  // namespace

int run_hq_cli(int argc, char** argv) {
  if (argc < 2) return usage("missing command");
  std::string cmd = argv[1];
  auto parsed = parse(argc, argv, 2);
  if (!parsed) return usage(parsed.error().message());
  const Args& a = *parsed;
  if (cmd == "publish") return cmd_publish(a);
  if (cmd == "campaign" || cmd == "catalog") return cmd_document(a, cmd);
  if (cmd == "coupon-key") return cmd_coupon_key(a);
  if (cmd == "ingest") return cmd_ingest(a);
  if (cmd == "report") return cmd_report(a);
  if (cmd == "exposures") return cmd_exposures(a);
  if (cmd == "erase") return cmd_erase(a);
  if (cmd == "erasures") return cmd_member_list(a, cmd, &export_erasures);
  if (cmd == "withdraw-consent") return cmd_withdraw_consent(a);
  if (cmd == "withdrawals") return cmd_member_list(a, cmd, &export_consent_withdrawals);
  if (cmd == "nightly") return cmd_nightly(a);
  if (cmd == "store-events") return cmd_store_events(a);
  if (cmd == "--help" || cmd == "help") {
    std::cout << kUsage;
    return 0;
  }
  return usage("unknown command '" + cmd + "'");
}
}  // namespace smartstore::sync
