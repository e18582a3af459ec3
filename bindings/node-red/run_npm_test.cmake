# ctest node_red_estimate: cmake -DNPM=... -DPACKAGE_DIR=... -P run_npm_test.cmake
# Installs the package's dependencies exactly as package-lock.json pins them (`npm ci`) only when
# node_modules is missing or older than the lock file (npm writes node_modules/.package-lock.json
# on every install), so that a repeated ctest run neither needs the registry nor spends the time;
# then runs `npm test`. Any failure fails the test with npm's own output.

foreach(required NPM PACKAGE_DIR)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "run_npm_test.cmake: -D${required}=... is required")
  endif()
endforeach()

set(lock "${PACKAGE_DIR}/package-lock.json")
set(installed "${PACKAGE_DIR}/node_modules/.package-lock.json")
if(NOT EXISTS "${installed}" OR "${lock}" IS_NEWER_THAN "${installed}")
  message(STATUS "node_modules missing or older than package-lock.json: npm ci")
  execute_process(COMMAND "${NPM}" ci --no-audit --no-fund
                  WORKING_DIRECTORY "${PACKAGE_DIR}" RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "npm ci failed (${result}) in ${PACKAGE_DIR}")
  endif()
endif()

execute_process(COMMAND "${NPM}" test WORKING_DIRECTORY "${PACKAGE_DIR}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "npm test failed (${result})")
endif()
