# What `cmake --install` (and so the Debian packages, debian/rules) puts where.
# With the usual prefix /usr, GNUInstallDirs maps SYSCONFDIR to /etc and
# LOCALSTATEDIR to /var, so the paths below are the ones the shipped unit files
# and kiosk.example.toml name.
include(GNUInstallDirs)

# The kiosk programs and the HQ programs. Optional targets (the build may be
# cut down by SMARTSTORE_UNIT_ONLY) are installed only when they exist.
foreach(program smartstored smartstore-scan smartstore-models smartstore-hq)
  if(TARGET ${program})
    install(TARGETS ${program} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()

# The staff and entrance pages: smartstored is compiled to look for them here
# (edge/CMakeLists.txt reads SMARTSTORE_WEB_DIR, set by debian/rules to this path).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/edge/web/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/smartstore/web
        FILES_MATCHING PATTERN "*.html" PATTERN "*.css" PATTERN "*.js")

# The kiosk configuration, installed as the live file (a conffile in the
# package: the admin edits it in place and upgrades keep the edit) and again
# as the untouched example.
install(FILES ${PROJECT_SOURCE_DIR}/firmware-config/kiosk.example.toml
        DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/smartstore RENAME kiosk.toml)
install(FILES ${PROJECT_SOURCE_DIR}/firmware-config/kiosk.example.toml
              ${PROJECT_SOURCE_DIR}/firmware-config/mosquitto.acl
              ${PROJECT_SOURCE_DIR}/firmware-config/mosquitto.conf.example
              ${PROJECT_SOURCE_DIR}/firmware-config/hq-nightly.conf
        DESTINATION ${CMAKE_INSTALL_DATADIR}/smartstore/examples)
install(FILES ${PROJECT_SOURCE_DIR}/firmware-config/hq-nightly.conf
        DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/smartstore)

# The PKI and key provisioning (HQ side: it holds the CA key) and the nightly
# build-and-publish that the nightly timer runs.
install(PROGRAMS ${PROJECT_SOURCE_DIR}/firmware-config/provision.sh
        DESTINATION ${CMAKE_INSTALL_BINDIR} RENAME smartstore-provision)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/firmware-config/hq-nightly.sh
        DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/smartstore RENAME hq-nightly)

# systemd units where this system's systemd looks for packaged units
# (/lib/systemd/system on Debian 12, which dh_installsystemd expects).
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_get_variable(SMARTSTORE_SYSTEMD_DEFAULT_DIR systemd systemdsystemunitdir)
endif()
if(NOT SMARTSTORE_SYSTEMD_DEFAULT_DIR)
  set(SMARTSTORE_SYSTEMD_DEFAULT_DIR ${CMAKE_INSTALL_PREFIX}/lib/systemd/system)
endif()
set(SMARTSTORE_SYSTEMD_UNIT_DIR ${SMARTSTORE_SYSTEMD_DEFAULT_DIR} CACHE PATH "Where the systemd units are installed")
install(FILES ${PROJECT_SOURCE_DIR}/firmware-config/smartstored.service
              ${PROJECT_SOURCE_DIR}/firmware-config/smartstore-nightly.service
              ${PROJECT_SOURCE_DIR}/firmware-config/smartstore-nightly.timer
        DESTINATION ${SMARTSTORE_SYSTEMD_UNIT_DIR})
