/// The version of Passage, defined here and nowhere else: `passage --version`
/// prints it, and `Scripts/package` reads it from the built binary to name
/// and version the Debian package. A plain `MAJOR.MINOR.PATCH` (no hyphen), so
/// it is also a valid version for a package built from its own source.
public enum PassageVersion {
    public static let current = "1.0.0"
}
