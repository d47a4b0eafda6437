import Imaging
@testable import Rendering
import Testing

/// The opening of a shutting eye samples the lid above it: the lower lid shows the lid's edge
/// (its lashes), the lid's edge shows skin `reach` above it, and nothing outside the opening moves.
@Suite struct LidPullTests {
    // A level eye from x 0 to 40: top line at y 0, lid edge at y 10, lower lid at y 20 (image y down).
    let pull = LidPull(outer: Point2(0, 15), inner: Point2(40, 15),
                       top: [Point2(0, 0), Point2(20, 0), Point2(40, 0)],
                       lid: [Point2(0, 10), Point2(20, 10), Point2(40, 10)],
                       lowerLid: [Point2(0, 20), Point2(20, 20), Point2(40, 20)])

    @Test func theLowerLidShowsTheLidsEdge() throws {
        let source = try #require(pull.source(of: Point2(20, 20)))
        #expect(abs(source.x - 20) < 1e-4 && abs(source.y - 10) < 1e-4)
    }

    @Test func theLidsEdgeShowsSkinAboveIt() throws {
        let source = try #require(pull.source(of: Point2(12, 10)))
        #expect(abs(source.x - 12) < 1e-4 && abs(source.y - (10 - LidPull.reachShare * 10)) < 1e-4)
        let middle = try #require(pull.source(of: Point2(30, 15)))
        #expect(abs(middle.y - (10 - LidPull.reachShare * 5)) < 1e-4, "halfway down the opening, halfway back up the reach")
    }

    @Test func outsideTheOpeningNothingIsPulled() {
        #expect(pull.source(of: Point2(20, 5)) == nil)
        #expect(pull.source(of: Point2(20, 25)) == nil)
    }
}
