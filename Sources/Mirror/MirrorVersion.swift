/// The version `clerk-mirror --version` prints.
public enum MirrorVersion {
    public static let current = "0.1.0"
}
