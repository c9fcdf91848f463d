#include <doctest/doctest.h>

#include "smartstore/sync/envelope.h"
#include "smartstore/sync/topics.h"

using namespace smartstore::sync;

TEST_CASE("topics confine each store to its own subtree") {
  CHECK(store_topic("S001", Direction::down, content::snapshot_chunk) ==
        "smartstore/v1/stores/S001/down/snapshot-chunk");
  CHECK(store_topic("S001", Direction::up, content::events) == "smartstore/v1/stores/S001/up/events");
  CHECK(store_of_topic("smartstore/v1/stores/S002/up/events") == "S002");
  CHECK(store_of_topic("other/S002/up/events").empty());
}
