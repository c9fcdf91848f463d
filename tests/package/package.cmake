# The Debian packages installed, upgraded and purged in a throwaway Debian 12
# root (docs/packaging.md). Builds the packages itself; the minimal root is
# cached under build/package-cache/ after the first run.
if(NOT SMARTSTORE_UNIT_ONLY)
  add_test(NAME package/install_upgrade_purge
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/package/install_upgrade_purge.sh ${PROJECT_BINARY_DIR}/package-test)
  set_tests_properties(package/install_upgrade_purge PROPERTIES LABELS "package" TIMEOUT 3600
                       SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)
endif()

# The daemon's half of the unit's Type=notify and WatchdogSec, on a notify
# socket the test owns (no systemd needed).
if(NOT SMARTSTORE_UNIT_ONLY)
  add_test(NAME package/notify_watchdog
           COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/package/notify_watchdog_test.py
                   $<TARGET_FILE:smartstored> ${PROJECT_SOURCE_DIR})
  set_tests_properties(package/notify_watchdog PROPERTIES LABELS "integration" TIMEOUT 120)
endif()
