import ActOne
import Testing

@Suite struct TextTableTests {
    @Test func columnsAlignUnderTheHeader() {
        var table = TextTable(header: ["name", "value"])
        table.add(["a", "1"])
        table.add(["longer", "22"])
        #expect(table.render() == "name    value\n------  -----\na       1\nlonger  22")
    }

    @Test func aShortRowsLastCellRunsOnWithoutWideningItsColumn() {
        var table = TextTable(header: ["who", "r", "gain"])
        table.add(["s0", "0.91", "1.02"])
        table.add(["s30", "refused: not a human face"])
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(lines[0] == "who  r     gain")
        #expect(lines[3] == "s30  refused: not a human face")
    }
}
