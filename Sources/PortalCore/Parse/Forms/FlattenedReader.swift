public enum FlattenedReader {
    public static func read(_ text: String, path: String) -> SourceDocument { SourceDocument() }
}
