#include "smartstore/common/huge_pages.h"

#include <sys/mman.h>

#include <cstdint>
#include <new>

namespace smartstore::detail {
namespace {
constexpr std::size_t kHugePage = std::size_t{2} << 20;
}

void HugePagesRelease::operator()(void* p) const {
  if (p != nullptr) munmap(p, bytes);
}

std::unique_ptr<void, HugePagesRelease> allocate_huge_pages(std::size_t bytes) {
  const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage + kHugePage;
  // Over-allocated by one huge page so the start can be aligned to one; the
  // kernel backs only aligned 2 MiB ranges with huge pages. Anonymous
  // mappings are zero-filled.
  void* raw = mmap(nullptr, rounded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
  const std::size_t head = aligned - start;
  if (head > 0) munmap(raw, head);
  const std::size_t usable = rounded - head;
  // Advice only: where transparent huge pages are off this changes nothing.
  (void)madvise(reinterpret_cast<void*>(aligned), usable, MADV_HUGEPAGE);
  return {reinterpret_cast<void*>(aligned), HugePagesRelease{usable}};
}

}  // namespace smartstore::detail
