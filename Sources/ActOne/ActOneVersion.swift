/// The version printed by `actone --version` and recorded in the files actone writes.
public enum ActOneVersion {
    public static let string = "0.1.0"
}
