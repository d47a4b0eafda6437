import Foundation
import Testing

@testable import NeuralRuntime

/// The whole attention model (face_landmark_with_attention.tflite, whose lips, eye and iris
/// heads run through the three custom operators) against MediaPipe's own CPU interpreter.
///
/// How the expected values were made, once, with `pip install mediapipe==0.10.14` (Python 3.11,
/// numpy 2.4.6): a MediaPipe CalculatorGraph ran ImageToTensorCalculator (192 × 192, float range
/// [0, 1]) → InferenceCalculatorCpu (delegate: tflite, i.e. TFLite's CPU kernels, no XNNPACK)
/// with the op resolver of TfLiteCustomOpResolverCalculator (MediaPipe's registrations of the
/// three operators, version 2) → SplitTensorVectorCalculator → TensorsToFloatsCalculator, on the
/// 192 × 192 face crop Tests/NeuralRuntimeTests/Fixtures/goldens/face_landmark.face.input.u8.
/// Below are the float32 bit patterns of the outputs that depend on the custom operators.
/// (A half-pixel mistake in TransformTensorBilinear moves these by ~3e-3 of their range; the
/// tolerance is 1e-4, as for the other models.)
///
/// Runs when the model is installed (models/ or $ACTONE_MODELS; Scripts/install-models) and the
/// input crop is present; otherwise it is skipped.
@Suite struct AttentionModelCustomOpTests {
    static let packageRoot: String = {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(4)  // Tests/NeuralRuntimeTests/CustomOps/<this file>
        return components.joined(separator: "/")
    }()

    static let modelPath: String = {
        let name = "face_landmark_with_attention.tflite"
        if let folder = ProcessInfo.processInfo.environment["ACTONE_MODELS"], !folder.isEmpty,
            FileManager.default.isReadableFile(atPath: "\(folder)/\(name)")
        {
            return "\(folder)/\(name)"
        }
        return "\(packageRoot)/models/\(name)"
    }()

    static let inputPath = "\(packageRoot)/Tests/NeuralRuntimeTests/Fixtures/goldens/face_landmark.face.input.u8"
    /// FNV-1a (64-bit) of the input crop the expected values were made from.
    static let inputFNV1a: UInt64 = 0xF5F2_4311_B553_AFA0

    static let filesPresent =
        FileManager.default.isReadableFile(atPath: modelPath)
        && FileManager.default.isReadableFile(atPath: inputPath)

    @Test(.enabled(if: filesPresent, "needs models/face_landmark_with_attention.tflite and the face crop fixture"))
    func refinedOutputsMatchMediaPipe() throws {
        let input = [UInt8](try #require(FileManager.default.contents(atPath: Self.inputPath)))
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in input { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        try #require(hash == Self.inputFNV1a, "the input crop is not the one the expected values were made from")

        let interpreter = try Interpreter(graph: TFLiteLoader.load(path: Self.modelPath), registry: .standard)
        try interpreter.setInput("input_1", input.map { Float($0) / 255 })
        interpreter.invoke()
        for (name, bits) in Self.expected.sorted(by: { $0.key < $1.key }) {
            let expected = bits.map(Float.init(bitPattern:))
            let ours = try interpreter.output(name)
            try #require(ours.count == expected.count, "\(name)")
            let range = expected.map(abs).max()!
            let worst = zip(ours, expected).map { abs($0 - $1) }.max()!
            #expect(worst <= 1e-4 * range, "\(name): max |ours − MediaPipe| = \(worst), \(worst / range) of max |MediaPipe|")
        }
    }

    static let expected: [String: [UInt32]] = [
        "output_lips": [
            0x42956B6B, 0x42FC9292, 0x42998E89, 0x42FFA93B, 0x429F6A4C, 0x430183DE, 0x42A8B0AF, 0x4303911C, 0x42B470FA,
            0x4304DBA8, 0x42C1F88A, 0x4304F14E, 0x42D01BA0, 0x430438CB, 0x42DC88CC, 0x43024B7E, 0x42E5F0FF, 0x42FF49B6,
            0x42EBEA02, 0x42FAEC40, 0x42F01BBB, 0x42F732AB, 0x429887BD, 0x42F9340C, 0x429DD7C7, 0x42F5FA7C, 0x42A5976A,
            0x42F2774B, 0x42B1B199, 0x42EFD9AD, 0x42BF9817, 0x42F1E117, 0x42CDACEC, 0x42EE8DA8, 0x42DB780C, 0x42F01560,
            0x42E4BE48, 0x42F280AE, 0x42EB6D6A, 0x42F4A455, 0x429974FA, 0x42FBFE30, 0x429FACDB, 0x42FB1B73, 0x42A56EDC,
            0x42FA62FF, 0x42AD0C43, 0x42F9CE65, 0x42B65B92, 0x42F9C955, 0x42C0F160, 0x42F9E057, 0x42CC43C8, 0x42F89BAC,
            0x42D657EE, 0x42F79984, 0x42DED329, 0x42F747E9, 0x42E5492E, 0x42F74288, 0x42EBDEC4, 0x42F7411B, 0x429F8792,
            0x42FAD2C6, 0x42A50ADA, 0x42FA1299, 0x42AC97FE, 0x42F9AA57, 0x42B5F327, 0x42F9D659, 0x42C0C8B2, 0x42FA0524,
            0x42CC575A, 0x42F8B5B4, 0x42D68388, 0x42F780E0, 0x42DF1A7E, 0x42F6FF9E, 0x42E56A02, 0x42F6FD98, 0x4296C5A0,
            0x42FC69DA, 0x429B68DC, 0x42FDF0BA, 0x42A129E8, 0x42FFAE67, 0x42A99ACA, 0x4300EBBE, 0x42B49BA2, 0x4301E038,
            0x42C1760C, 0x4302012D, 0x42CED546, 0x43013B2E, 0x42DAB216, 0x42FF519E, 0x42E3C094, 0x42FC164F, 0x42E9BC82,
            0x42F9767C, 0x42EEB102, 0x42F74155, 0x429AA34E, 0x42F9F65F, 0x42A0563A, 0x42F7A90A, 0x42A810A2, 0x42F5AA7D,
            0x42B2BF8C, 0x42F47483, 0x42BFD086, 0x42F5289B, 0x42CD6BDA, 0x42F32897, 0x42D99A38, 0x42F353A4, 0x42E2A4A6,
            0x42F44BE4, 0x42E985DC, 0x42F594DA, 0x42980F46, 0x42FC3207, 0x429D9158, 0x42FC7232, 0x42A35B0C, 0x42FCB843,
            0x42AB1D7B, 0x42FD6412, 0x42B543AE, 0x42FE1F50, 0x42C12AF8, 0x42FE6E07, 0x42CD92A0, 0x42FCDF7C, 0x42D8A795,
            0x42FB02AA, 0x42E14047, 0x42F95CD4, 0x42E76CB5, 0x42F848A8, 0x42ED584E, 0x42F74008, 0x429D07EE, 0x42FA7500,
            0x42A2F188, 0x42F91931, 0x42AA8070, 0x42F821AF, 0x42B45B85, 0x42F7DEA4, 0x42C03552, 0x42F822EB, 0x42CCE0AC,
            0x42F6AA88, 0x42D7E3B2, 0x42F5E8DE, 0x42E09286, 0x42F5F0F6, 0x42E777C8, 0x42F6571E,
        ],
        "output_left_eye": [
            0x425EE1A8, 0x4287DA65, 0x42682E3A, 0x428A9EB2, 0x4271D358, 0x428C7E4B, 0x427F2A47, 0x428DCF86, 0x428935D6,
            0x428DB5E8, 0x42925A48, 0x428C1863, 0x429AF213, 0x4289F8FE, 0x42A02192, 0x42893382, 0x42A22D18, 0x4288CD7B,
            0x42635946, 0x42865422, 0x42690ECD, 0x428455D7, 0x427352CF, 0x42819446, 0x4282C87F, 0x427E74C7, 0x428CA3F2,
            0x427DC04A, 0x4296F1B2, 0x42816BE4, 0x429E87F8, 0x4285DC78, 0x4255CFCA, 0x4288F66A, 0x425F65BA, 0x428E5E3E,
            0x426A6A20, 0x42924BE3, 0x427D0B3C, 0x4293E9AB, 0x42898B3E, 0x42936614, 0x429481C2, 0x429187C0, 0x429D826A,
            0x428EA53E, 0x42A2FE06, 0x428C3DB6, 0x42A607E6, 0x428981B5, 0x42542D45, 0x4283E93C, 0x425C2ED1, 0x427F6D1A,
            0x4269747A, 0x42776567, 0x427F5A41, 0x42722522, 0x428C8D5A, 0x4271F5DE, 0x4298239B, 0x42780ABD, 0x42A29FCC,
            0x4283300F, 0x4245441A, 0x428C6EDA, 0x424C546E, 0x4295C128, 0x425A85CB, 0x429A0626, 0x427216E7, 0x429CDA9C,
            0x42880CCA, 0x429BC02D, 0x4295A420, 0x42983DBE, 0x429FC2D4, 0x42948BBF, 0x42A6A4F2, 0x42919E66, 0x42ABB3B3,
            0x428C8FAA, 0x4246C4E2, 0x42847550, 0x424EEBEB, 0x427C1856, 0x425FE818, 0x42731590, 0x4279EC4A, 0x426DE77C,
            0x428D4062, 0x426E2AE8, 0x42A037EE, 0x4277861A, 0x42A98763, 0x4282F9DC, 0x422F53BA, 0x428F8C98, 0x42332312,
            0x4283E4C0, 0x423AFABA, 0x42768D62, 0x42501269, 0x4269D3C6, 0x426F021D, 0x4262E2B9, 0x428CFCA4, 0x4263B1F9,
            0x421B172D, 0x4290E872, 0x42346340, 0x429D8E07, 0x4246C239, 0x42A5011C, 0x4264EFC4, 0x42A8CC1A, 0x4287793E,
            0x42A5F354, 0x4296603E, 0x42A09968, 0x42A0F0E8, 0x429BA5E4, 0x42A8FEA2, 0x4296BD00, 0x42AED70B, 0x428F69C0,
            0x42214B0D, 0x42813DFB, 0x422BB140, 0x426C9798, 0x42424C2A, 0x425DE961, 0x4265975F, 0x4253D719, 0x428A0804,
            0x4254648C, 0x42A44CA4, 0x4257B281, 0x42A90798, 0x42700E7C, 0x42B289D5, 0x42844AEA,
        ],
        "output_right_eye": [
            0x430660B7, 0x42822CA2, 0x43044E6A, 0x42847D0F, 0x430227A8, 0x4285E459, 0x42FE6D18, 0x428710AF, 0x42F60865,
            0x4287BED0, 0x42EDB252, 0x4287B247, 0x42E5A37B, 0x42875D1F, 0x42E0403C, 0x4287997C, 0x42DDA4FA, 0x42875001,
            0x430547C3, 0x4280C6BE, 0x4303CFB8, 0x427E0352, 0x430134D8, 0x4279A42D, 0x42F99FB2, 0x42773FCB, 0x42F05DF0,
            0x42790796, 0x42E75E96, 0x427FEA90, 0x42E0C424, 0x42848984, 0x4308BC02, 0x4282BF7E, 0x43067DE7, 0x42886506,
            0x4303F5A0, 0x428BD36D, 0x42FF7405, 0x428DAA84, 0x42F59457, 0x428DCCFC, 0x42EB95E1, 0x428D8871, 0x42E310A8,
            0x428C583E, 0x42DD73F4, 0x428AC64D, 0x42D9F56E, 0x428821B2, 0x4309055E, 0x4279BC68, 0x4306F70B, 0x4270D74E,
            0x43038707, 0x4269622F, 0x42FBFFDB, 0x426671A4, 0x42EFC536, 0x42697165, 0x42E56E34, 0x42729D61, 0x42DC8A15,
            0x428194E1, 0x430C7E87, 0x4285DC74, 0x430AFBBD, 0x428F5B40, 0x4307FB8C, 0x42938C2B, 0x43028372, 0x4296B1FE,
            0x42F702EC, 0x42969328, 0x42EA2A61, 0x4294ABC4, 0x42E0574B, 0x42927323, 0x42D9943D, 0x42900E43, 0x42D45D57,
            0x428B407A, 0x430C21E0, 0x42798D2C, 0x430A26E9, 0x426B3BFA, 0x4305F19C, 0x42629B21, 0x42FF6834, 0x425EF3DF,
            0x42EFDA6C, 0x42622D68, 0x42DE8FE7, 0x4270101A, 0x42D62AFE, 0x42814CF8, 0x43114910, 0x4288374C, 0x43107526,
            0x4277702C, 0x430ED090, 0x4262F41E, 0x4309BAB9, 0x4255C787, 0x43025DC1, 0x4250442C, 0x42F0BB32, 0x4253E1AE,
            0x4315C822, 0x42890275, 0x43106197, 0x4295F0E1, 0x430CA067, 0x429D8B3A, 0x4305D962, 0x42A1DA96, 0x42F7A4E2,
            0x42A09267, 0x42E93068, 0x429CE314, 0x42DEA64A, 0x42992749, 0x42D6B6B0, 0x4294B71C, 0x42D0B332, 0x428DC40C,
            0x431454FE, 0x4272B2D0, 0x431219A0, 0x425A26B6, 0x430CB047, 0x4249EAD7, 0x4304535A, 0x4241FBED, 0x42F2E1B8,
            0x424527A3, 0x42DA049B, 0x424CD6A0, 0x42D63886, 0x42654BF7, 0x42CC99BC, 0x42825316,
        ],
        "output_left_iris": [
            0x42871846, 0x4285C57A, 0x42925613, 0x428534F8, 0x42864629, 0x427A9A1C, 0x42773B82, 0x42865029, 0x4287BFBE,
            0x428E4030,
        ],
        "output_right_iris": [
            0x42F56ECC, 0x42818A67, 0x42FFFC57, 0x42812116, 0x42F4D255, 0x42721D8B, 0x42EACED2, 0x4281D4C8, 0x42F61476,
            0x4289FDF7,
        ],
        "conv_faceflag": [
            0x41E8CBE4
        ],
    ]
}
