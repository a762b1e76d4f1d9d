@echo off
rem bin\portaudit.cmd: run portaudit on Windows (a jump host), as bin/portaudit does on Linux.
rem Needs Java 17 or later on PATH (or JAVA=C:\path\to\java.exe) and the jar built with
rem   mvn -B -q package -DskipTests
rem PORTAUDIT_JAR names another jar; PORTAUDIT_JAVA_OPTS adds JVM flags. Windows has no epoll, so the
rem engine uses the JDK's NIO transport (the engine tests run on it too). Exit codes are portaudit's.
setlocal
set "here=%~dp0"
if not defined PORTAUDIT_JAR set "PORTAUDIT_JAR=%here%..\scanner\target\portaudit.jar"
if not exist "%PORTAUDIT_JAR%" (
  echo portaudit: %PORTAUDIT_JAR% not found; build it with: mvn -B -q package -DskipTests 1>&2
  exit /b 2
)
if not defined JAVA set "JAVA=java"
"%JAVA%" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xss512k %PORTAUDIT_JAVA_OPTS% -jar "%PORTAUDIT_JAR%" %*
exit /b %ERRORLEVEL%
