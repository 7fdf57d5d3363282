/**
 * picocli, compiled from its published source (see this module's pom.xml). Its own jar declares
 * {@code requires static java.sql} for converters it looks up by name; jinit needs none of them.
 */
module info.picocli {
    exports picocli;
}
