# The daemon's half of the unit's Type=notify and WatchdogSec, on a notify
# socket the test owns (no systemd needed).
if(NOT SMARTSTORE_UNIT_ONLY)
  add_test(NAME package/notify_watchdog
           COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/package/notify_watchdog_test.py
                   $<TARGET_FILE:smartstored> ${PROJECT_SOURCE_DIR})
  set_tests_properties(package/notify_watchdog PROPERTIES LABELS "integration" TIMEOUT 120)
endif()
