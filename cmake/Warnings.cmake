# One place for compile flags so every part builds the same way.
add_library(smartstore_flags INTERFACE)
target_compile_options(smartstore_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Wunused -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(SMARTSTORE_WERROR)
  # g++ 12's -Wrestrict fires inside libstdc++'s own std::string code at -O2
  # (GCC PR 105329), so it stays a warning rather than an error.
  target_compile_options(smartstore_flags INTERFACE -Werror)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(smartstore_flags INTERFACE -Wno-error=restrict)
  endif()
endif()
if(SMARTSTORE_FUZZ AND NOT SMARTSTORE_FUZZ_WITH_PARTS)
  # Every library is instrumented for coverage; only the fuzz mains link libFuzzer.
  # (Beside the unit tests, only the parsers are: tests/fuzz/fuzz.cmake.)
  target_compile_options(smartstore_flags INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(smartstore_flags INTERFACE -fsanitize=address,undefined)
endif()
if(SMARTSTORE_SANITIZE)
  target_compile_options(smartstore_flags INTERFACE
    -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(smartstore_flags INTERFACE -fsanitize=address,undefined)
endif()

# smartstore_part(<name> SOURCES ... DEPS ...) declares one part's library with
# its public headers under <part>/include/smartstore/<part>/.
function(smartstore_part name)
  cmake_parse_arguments(P "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(smartstore_${name} STATIC ${P_SOURCES})
  target_include_directories(smartstore_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(smartstore_${name} PUBLIC ${P_PUBLIC_DEPS} PRIVATE smartstore_flags ${P_PRIVATE_DEPS})
endfunction()

function(smartstore_executable name)
  cmake_parse_arguments(P "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${P_SOURCES})
  target_link_libraries(${name} PRIVATE smartstore_flags ${P_DEPS})
endfunction()
