import Foundation
import Testing

@testable import ActOne

/// The preview server's pieces that need no socket: request heads, responses, MJPEG parts, the
/// newest-value slot, the frame rate.
@Suite struct PreviewHTTPTests {
    @Test func parsesTheRequestLineAndFindsTheEndOfTheHead() throws {
        let head = Array("GET /stats?t=12 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n".utf8)
        #expect(HTTPRequestHead.end(in: head) == head.count)
        #expect(HTTPRequestHead.end(in: Array(head.dropLast(2))) == nil)
        #expect(HTTPRequestHead.end(in: head + Array("extra".utf8)) == head.count)
        #expect(HTTPRequestHead(head) == HTTPRequestHead(method: "GET", path: "/stats"))
        #expect(HTTPRequestHead(Array("POST /stream HTTP/1.0\r\n\r\n".utf8)) == HTTPRequestHead(method: "POST", path: "/stream"))
        for bad in ["GET /\r\n\r\n", "GET / HTTP/2\r\n\r\n", "GET stats HTTP/1.1\r\n\r\n", " / HTTP/1.1\r\n\r\n", "\r\n\r\n", ""] {
            #expect(HTTPRequestHead(Array(bad.utf8)) == nil, "\(bad)")
        }
    }

    @Test func responsesSayTheirLengthAndCloseTheConnection() {
        let response = String(decoding: HTTPResponse.text(status: 404, reason: "Not Found", "no"), as: UTF8.self)
        #expect(response.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(response.contains("\r\nContent-Length: 3\r\n") && response.contains("\r\nConnection: close\r\n"))
        #expect(response.hasSuffix("\r\n\r\nno\n"))
    }

    @Test func mjpegPartsAreBoundaryHeadersJPEGAndLineEnd() {
        let jpeg: [UInt8] = [0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9]
        let part = MJPEGFraming.part(jpeg: jpeg)
        let head = "--\(MJPEGFraming.boundary)\r\nContent-Type: image/jpeg\r\nContent-Length: 7\r\n\r\n"
        #expect(part == Array(head.utf8) + jpeg + [13, 10])
        let responseHead = String(decoding: MJPEGFraming.responseHead, as: UTF8.self)
        #expect(responseHead.contains("Content-Type: multipart/x-mixed-replace; boundary=\(MJPEGFraming.boundary)\r\n"))
        #expect(!responseHead.contains("Content-Length") && responseHead.hasSuffix("\r\n\r\n"))
    }

    @Test func aSlowReaderGetsOnlyTheNewestValue() {
        let slot = NewestValue<Int>()
        slot.put(1)
        slot.put(2)
        slot.put(3)
        let first = slot.next(after: 0)
        #expect(first?.value == 3 && first?.number == 3)
        slot.close()
        #expect(slot.next(after: 3) == nil)
    }

    @Test func closingEndsAWaitingReader() async {
        let slot = NewestValue<Int>()
        let reader = Task.detached { slot.next(after: 0) }
        try? await Task.sleep(nanoseconds: 50_000_000)
        slot.close()
        #expect(await reader.value == nil)
    }

    @Test func rateCountsTheLastSecond() {
        #expect(PreviewFigures.rate([], now: 10) == 0)
        #expect(PreviewFigures.rate((0..<31).map { 9 + Double($0) / 30 }, now: 10) == 30)
        // Nothing for two seconds: 0, not the rate of long ago.
        #expect(PreviewFigures.rate([7, 7.5, 8], now: 10) == 0)
    }

    @Test func statsAreJSONWithTheBlendshapesByName() throws {
        let figures = PreviewFigures(dropped: { 4 })
        figures.record(latency: 0.010, faceFound: true, measured: nil, calibrating: true)
        figures.record(latency: 0.020, faceFound: false, measured: nil, calibrating: true)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(figures.stats.json)) as? [String: Any])
        #expect(object["frames"] as? Int == 2 && object["dropped"] as? Int == 4)
        #expect(abs((object["latencyMedianMs"] as? Double ?? 0) - 15) < 1e-9)
        #expect(object["calibrating"] as? Bool == true && object["face"] as? Bool == false)
        #expect((object["blendshapes"] as? [String: Double])?.isEmpty == true)
    }
}
