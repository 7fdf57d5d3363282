/** A small HTTP service, run by jinit from the one runtime image they share. */
module example.service {
    requires jdk.httpserver;
}
