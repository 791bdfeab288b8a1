# The jars Maven builds: java/target/hdnnp-core.jar, which the embedded JVM loads (core and bridge,
# without the command line, plotting and progress-bar libraries), and java/target/hdnnp.jar, the
# command line (`hdnnp convert` in tests).
# HDNNP_JAR: the core jar (cache); HDNNP_CLI_JAR: the command-line jar.
# With HDNNP_BUILD_JAR=ON (default) the target `hdnnp_jar` runs Maven
# (`mvn -q -pl java -am package -DskipTests` with JAVA_HOME=HDNNP_JAVA_HOME) whenever a Java
# source or pom changed.
set(HDNNP_REPO_DIR "${CMAKE_CURRENT_LIST_DIR}/.." CACHE INTERNAL "")
get_filename_component(HDNNP_REPO_DIR "${HDNNP_REPO_DIR}" REALPATH)
if(HDNNP_JAR STREQUAL "${HDNNP_REPO_DIR}/java/target/hdnnp.jar")
  unset(HDNNP_JAR CACHE) # the default of build trees configured before hdnnp-core.jar existed
endif()
set(HDNNP_JAR "${HDNNP_REPO_DIR}/java/target/hdnnp-core.jar" CACHE FILEPATH "the jar the embedded JVM loads")
set(HDNNP_CLI_JAR "${HDNNP_REPO_DIR}/java/target/hdnnp.jar" CACHE FILEPATH "the command-line jar")
option(HDNNP_BUILD_JAR "build the jar with Maven as part of the native build" ON)

if(HDNNP_BUILD_JAR)
  find_program(HDNNP_MVN mvn)
  if(NOT HDNNP_MVN)
    message(WARNING "mvn not found: the jar is not built by CMake; run 'mvn package' yourself")
  else()
    file(GLOB_RECURSE _hdnnp_java_sources CONFIGURE_DEPENDS
         "${HDNNP_REPO_DIR}/java/src/main/*.java" "${HDNNP_REPO_DIR}/java/src/main/resources/*")
    add_custom_command(
      OUTPUT "${HDNNP_JAR}" "${HDNNP_CLI_JAR}"
      COMMAND ${CMAKE_COMMAND} -E env "JAVA_HOME=${HDNNP_JAVA_HOME}" "MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow"
              ${HDNNP_MVN} -q -pl java -am package -DskipTests
      COMMAND ${CMAKE_COMMAND} -E touch "${HDNNP_JAR}" "${HDNNP_CLI_JAR}"
      WORKING_DIRECTORY "${HDNNP_REPO_DIR}"
      DEPENDS ${_hdnnp_java_sources} "${HDNNP_REPO_DIR}/pom.xml" "${HDNNP_REPO_DIR}/java/pom.xml"
      COMMENT "Building hdnnp-core.jar and hdnnp.jar with Maven"
      VERBATIM)
    add_custom_target(hdnnp_jar ALL DEPENDS "${HDNNP_JAR}")
  endif()
endif()
if(NOT TARGET hdnnp_jar)
  add_custom_target(hdnnp_jar)
endif()
