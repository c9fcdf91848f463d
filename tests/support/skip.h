#pragma once
// A test that cannot run here (not root, a tool missing) must show as
// skipped in ctest, never as passed: it exits with the code every test is
// registered with as SKIP_RETURN_CODE (tests/CMakeLists.txt).
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace smartstore::testing {

inline constexpr int skip_return_code = 77;

[[noreturn]] inline void skip_test(std::string_view why) {
  std::fprintf(stderr, "SKIPPED: %.*s\n", static_cast<int>(why.size()), why.data());
  std::fflush(stderr);
  std::_Exit(skip_return_code);
}

}  // namespace smartstore::testing
