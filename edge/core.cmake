# edge core: SQLite store, coupon codes, coupon policy, KioskService.
list(APPEND EDGE_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/src/store/database.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/store/checkpointer.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/store/migrations.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/store/event_id.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/store/journal_json.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/store/kiosk_store.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/store/journal.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/store/notes.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/store/outbox.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/store/downlink.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/store/gtin.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/coupon/base32.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/coupon/coupon_code.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/policy/offers.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/policy/coupon_policy.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/kiosk/note_validation.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/kiosk/kiosk.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/kiosk/kiosk_redeem.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/kiosk/key_files.cpp
)
