#include <doctest/doctest.h>

#include <new>
#include <string>

#include "smartstore/scanner/payload.h"

using namespace smartstore::scanner;

TEST_CASE("MemberCard wipes its digits and copies independently") {
  alignas(MemberCard) unsigned char storage[sizeof(MemberCard)];
  auto* card = new (storage) MemberCard("8710123456783459");
  MemberCard copy = *card;
  card->~MemberCard();
  CHECK(std::string(reinterpret_cast<const char*>(storage), sizeof(storage)).find("8710") ==
        std::string::npos);
  CHECK(copy.number() == "8710123456783459");
}
