import QtQuick
import IntakeStation

// A device-free backend with the same properties and methods as the C++ Backend, so every
// screen can be shown and tested without a scanner, camera, database or lab. Values are
// plainly labelled as mock data.
QtObject {
    id: mock
    property string practiceName: "Mock practice (no devices)"

    // A station already set up; `firstRun.needed` can be set to show the first-run screen.
    property QtObject firstRun: QtObject {
        property bool needed: false
        property bool busy: false
        property string message: "Mock: nothing is written."
        function complete(practice, pack, endpoint, id, name, pin, again) {
            if (pin.length < 6 || pin !== again) { message = "The PIN must be 6 to 12 digits, typed twice (mock)."; return }
            mock.practiceName = practice; needed = false
        }
    }

    property QtObject session: QtObject {
        id: mockSession
        property bool signedIn: false
        property string userId: ""
        property string role: ""
        property string userName: ""
        property bool lockedOut: false
        property string lockedUser: ""
        property int lockoutRemaining: 0
        property string message: "Users: assistant PIN 1111, clinician PIN 2222 (mock)."
        property bool available: true
        property bool busy: false
        property int idleTimeoutMs: 300000
        property int mockFailures: 0
        signal leaveAnswered(bool ok)
        signal idleSignedOut()
        function signIn(id, pin) {
            if (lockedOut && id === lockedUser) return
            if ((id === "assistant" && pin === "1111") || (id === "clinician" && pin === "2222")) {
                userId = id; role = id; userName = id === "assistant" ? "Mock Assistant" : "Dr Mock"; signedIn = true
                mockFailures = 0; message = ""; return
            }
            mockFailures++
            message = "Wrong user id or PIN. " + (5 - mockFailures) + " tries left before a 5-minute lockout (mock)."
            if (mockFailures >= 5) { lockedOut = true; lockedUser = id; lockoutRemaining = 300 }
        }
        function signOut() { signedIn = false; userId = ""; role = ""; userName = "" }
        function verifyLeave(id, pin) {
            var ok = id === "clinician" && pin === "2222"
            message = ok ? "" : "Wrong clinician id or PIN (mock)."
            leaveAnswered(ok)
        }
    }

    // Staff kept in memory: the same answers as the core's Staff for the screens (nothing stored).
    property QtObject staff: QtObject {
        id: mockStaff
        property bool mayManage: mock.session.role === "clinician" || mock.session.role === "admin"
        property var roles: ["assistant", "clinician", "admin"]
        property var members: []
        property bool busy: false
        property string message: ""
        signal added(string id)
        signal done(string action)
        signal signedInUserDisabled()
        property var mockPeople: [ { id: "assistant", name: "Mock Assistant", role: "assistant", active: true },
                                   { id: "clinician", name: "Dr Mock", role: "clinician", active: true } ]
        function refresh() {
            var out = []
            if (!mayManage) { members = out; return }
            for (var i = 0; i < mockPeople.length; ++i) {
                var p = mockPeople[i]
                out.push({ id: p.id, name: p.name, role: p.role, active: p.active, locked: false, isMe: p.id === mock.session.userId })
            }
            members = out
        }
        function mockPinProblem(pin, again) {
            if (!/^[0-9]{6,12}$/.test(pin)) return "The PIN must be 6 to 12 digits."
            return pin === again ? "" : "The two PINs differ: type the same PIN twice."
        }
        function mockRefused() { return mayManage ? "" : "Not done: user.add takes a clinician or an admin (mock)." }
        function add(id, name, role, pin, again) {
            message = mockRefused() || mockPinProblem(pin, again)
            if (message !== "") return
            var copy = mockPeople.slice(); copy.push({ id: id, name: name, role: role, active: true }); mockPeople = copy
            message = "Added " + name + " (" + id + ", " + role + ") (mock: not stored)."; refresh(); added(id); done("add")
        }
        function mockSetActive(id, active) {
            message = mockRefused(); if (message !== "") return
            var copy = mockPeople.slice()
            for (var i = 0; i < copy.length; ++i) if (copy[i].id === id) copy[i] = Object.assign({}, copy[i], { active: active })
            mockPeople = copy; refresh(); message = id + (active ? " may sign in again (mock)." : " is disabled (mock).")
            done(active ? "enable" : "disable")
        }
        function disable(id) { mockSetActive(id, false) }
        function enable(id) { mockSetActive(id, true) }
        function resetPin(id, pin, again) {
            message = mockRefused() || mockPinProblem(pin, again)
            if (message === "") { message = "New PIN set for " + id + " (mock)."; done("reset-pin") }
        }
        function changeMyPin(old, pin, again) {
            message = mockPinProblem(pin, again)
            if (message === "") { message = "Your PIN is changed (mock)."; done("change-pin") }
        }
    }

    // The six steps, all open to whoever is signed in (the real gates are station/record's).
    property QtObject workflow: QtObject {
        property var steps: []
        property int nextStep: 1
        property bool signedOff: false
        property string message: ""
        property string resumePage: "attachments"
        property bool resumed: false
        property string otherStation: ""
        function completePage(key) { return true }
        function setPage(key) {}
        function stepOf(key) { return 0 }
        function dismissOtherStation() { otherStation = "" }
    }

    property QtObject cases: QtObject {
        property var results: []
        property string message: "Search for a patient."
        property string currentCaseId: ""
        property string currentPatient: ""
        property string currentState: ""
        property bool currentCaseOpen: false
        property int total: mockAll.length
        property var current: ({})
        property bool canEdit: true
        property var patients: [ { id: "1", name: "Demo Patient", chartId: "CH-1", born: "1990-04-12" } ]
        function addPatient(name, born, chart) { message = "Mock: patient " + name + " added."; return "2" }
        function editPatient(id, name, born, chart) { message = "Mock: patient " + name + " saved."; return true }
        function addCase(form) { message = "Mock: case " + form.caseId + " added."; return true }
        function setPhase(number, fields) { message = "Mock: phase " + number + " saved."; return true }
        function requestRetainer(date) { message = "Mock: retainer request recorded."; return true }
        function reopen(steps) { message = "Mock: re-opened."; return true }
        function refreshPatients() {}
        readonly property var mockAll: [
            { caseId: "C-1001", patientName: "Demo Patient", birthDate: "1990-04-12", state: "open", closeDate: "2027-05-23", open: true },
            { caseId: "C-0777", patientName: "Closed Example", birthDate: "1985-01-02", state: "closed", closeDate: "2025-11-02", open: false }
        ]
        function search(q) {
            var out = []
            for (var i = 0; i < mockAll.length; ++i)
                if (q === "" || mockAll[i].patientName.toLowerCase().indexOf(q.toLowerCase()) >= 0 || mockAll[i].caseId.indexOf(q) >= 0) out.push(mockAll[i])
            results = out
            message = out.length === 0 ? "No patient matches “" + q + "”." : ""
        }
        function open(id) {
            for (var i = 0; i < mockAll.length; ++i) if (mockAll[i].caseId === id) {
                currentCaseId = id; currentPatient = mockAll[i].patientName; currentState = mockAll[i].state; currentCaseOpen = mockAll[i].open
            }
            current = { caseId: id, labCaseId: "LAB-000123", lab: "Mock Lab", patientName: currentPatient, chartId: "CH-1",
                        state: currentState, open: currentCaseOpen, needsReopen: !currentCaseOpen,
                        closeReason: currentCaseOpen ? "" : "Closed on 2025-11-02: a retainer was requested on 2025-11-02 (mock).",
                        closeDate: "", phases: [ { number: 1, kind: "treatment", steps: 20, status: "delivered", shipOn: "", shippedOn: "2025-01-10", arrivedOn: "2025-01-14" } ],
                        retainerRequestedOn: "", reopenedOn: "", history: [] }
            return currentCaseOpen
        }
    }

    property QtObject photos: QtObject {
        property var views: [
            { id: "face_front", title: "Face, front", guide: "face", verdict: "", reason: "" },
            { id: "face_smile", title: "Face, smiling", guide: "face", verdict: "", reason: "" },
            { id: "face_profile", title: "Face, profile", guide: "profile", verdict: "", reason: "" },
            { id: "intra_front", title: "Intra-oral, front", guide: "front", verdict: "", reason: "" },
            { id: "intra_left", title: "Intra-oral, left", guide: "buccal", verdict: "", reason: "" },
            { id: "intra_right", title: "Intra-oral, right", guide: "buccal", verdict: "", reason: "" },
            { id: "occlusal_upper", title: "Occlusal, upper", guide: "occlusal", verdict: "", reason: "" },
            { id: "occlusal_lower", title: "Occlusal, lower", guide: "occlusal", verdict: "", reason: "" }
        ]
        property int currentIndex: 0
        property string previewUrl: ""
        property string cameraStatus: "Mock camera"
        property bool cameraReady: true
        property bool previewActive: false
        property bool busy: false
        property string cardPath: "/media/card/DCIM"
        signal photoChecked(string view, string verdict)
        property string message: ""
        function selectView(i) { currentIndex = i }
        function mockSetVerdict(v, r) {
            var copy = views.slice(); var e = Object.assign({}, copy[currentIndex]); e.verdict = v; e.reason = r
            copy[currentIndex] = e; views = copy
        }
        function capture() {
            mockSetVerdict(currentIndex === 2 ? "fail" : "pass", currentIndex === 2 ? "Blurred: sharpness 31 is below 60 (mock)." : "Sharp, well exposed (mock).")
            if (currentIndex < views.length - 1 && currentIndex !== 2) currentIndex++
        }
        function retake() { mockSetVerdict("", "") }
        function importCard(path) { message = "Mock: no card reader; " + path + " not read." }
    }

    property QtObject scans: QtObject {
        property string deviceStatus: "Mock scanner ready"
        property bool deviceReady: true
        property string arch: "upper"
        property var archs: [ { arch: "upper", title: "Upper arch", verdict: "" }, { arch: "lower", title: "Lower arch", verdict: "" },
                              { arch: "bite", title: "Bite", verdict: "" } ]
        property bool scanning: false
        property real progress: 0
        property string stage: ""
        property MeshGeometry geometry: MeshGeometry {}
        property string verdict: ""
        property string reasons: ""
        property int voidCount: 0
        property string biteVerdict: ""
        property string biteReason: ""
        property bool heatmapAvailable: false
        property bool showHeatmap: false
        property string heatmapReason: "Mock: no previous scan to compare with."
        signal scanFinished(string arch, string verdict)
        signal displayed()
        function selectArch(a) { arch = a }
        function startScan() {
            geometry.loadDemoArch(60000, true)
            progress = 1; stage = "Mock scan: procedural arch"; verdict = "warn"; voidCount = 2
            reasons = "2 voids (mock), largest 3.1 mm² near the upper left premolars."
            var copy = archs.slice(); for (var i = 0; i < copy.length; ++i) if (copy[i].arch === arch) { var e = Object.assign({}, copy[i]); e.verdict = verdict; copy[i] = e }
            archs = copy
            scanFinished(arch, verdict); displayed()
        }
        function rescan() { startScan() }
        property string source: "sim"
        property string folderPath: ""
        property bool folderWatching: false
        property var folderQuestions: []
        property var folderTaken: []
        function watchFolder() { folderWatching = source === "folder" }
        function stopFolder() { folderWatching = false }
        function answerQuestion(file, role) { folderQuestions = [] }
    }

    property QtObject prescription: QtObject {
        property string submissionType: "Additional aligners (refinement)"
        property bool keepAllAttachments: true
        property string attachmentsTeeth: ""
        property string attachmentsReason: ""
        property bool attachmentsConfirmed: false
        property string treatArches: "both"
        property int alignerNowUpper: 0
        property int alignerNowLower: 0
        property var movements: ["Extrude", "Intrude", "Rotate mesially", "Rotate distally", "Align facial surfaces", "Close space", "Torque root lingually", "Tip crown distally"]
        property var instructions: []
        property var markedTeeth: []
        property string freeText: ""
        property string message: ""
        property string labText: mockRender()
        function mockRender() {
            var t = "ADDITIONAL ALIGNERS — refinement\nAttachments: " + (keepAllAttachments ? "KEEP ALL EXISTING ATTACHMENTS" : "remove attachments") + "\n"
            for (var i = 0; i < instructions.length; ++i) t += "\n" + (i + 1) + ". " + instructions[i].text
            if (freeText !== "") t += "\n\nNotes: " + freeText
            return t
        }
        function unitOf(movement) { return movement === "Align facial surfaces" ? "" : movement.indexOf("Rotate") === 0 ? "°" : "mm" }
        function kindOf(movement) { return "teeth" }
        function addInstruction(entry) {
            var copy = instructions.slice()
            copy.push({ teeth: entry.teeth, movement: entry.movement, amount: entry.amount, note: entry.note,
                        text: entry.movement + " tooth " + entry.teeth + " by " + entry.amount.toFixed(1) + " " + unitOf(entry.movement) })
            instructions = copy; var m = markedTeeth.slice(); m.push(parseInt(entry.teeth)); markedTeeth = m
            return true
        }
        function removeInstruction(i) { var copy = instructions.slice(); copy.splice(i, 1); instructions = copy }
    }

    property QtObject review: QtObject {
        property var checklist: []
        property bool canSubmit: false
        property bool busy: false
        property bool submitted: false
        property bool canOverride: false
        property string message: ""
        function submitWithOverride(reason) { message = "Mock: no override (" + reason + ")." }
        function refresh() {
            var photosOk = mock.photos.views.every(function(v) { return v.verdict === "pass" || v.verdict === "warn" })
            checklist = [
                { item: "Case is open", ok: mock.cases.currentCaseOpen, reason: "" },
                { item: "Photo series complete and usable", ok: photosOk, reason: photosOk ? "" : "A photo is missing or failed its check." },
                { item: "Upper and lower scans", ok: mock.scans.verdict !== "", reason: mock.scans.verdict !== "" ? "" : "No scan yet." },
                { item: "Bite scan", ok: false, reason: "No bite scan (mock)." },
                { item: "Attachments decision", ok: true, reason: mock.prescription.keepAllAttachments ? "Keep all existing attachments" : "Remove" }
            ]
            canSubmit = checklist.every(function(c) { return c.ok })
            message = canSubmit ? "Ready to submit." : "Not ready: fix the red items."
        }
        function submit() { if (canSubmit) { submitted = true; message = "Submitted (mock)." } }
    }

    property QtObject handout: QtObject {
        property string text: "Your refinement\n\nWear your next aligner ONLY at night until your new aligners arrive. It holds your teeth where they are now.\n\nWhen the new aligners arrive, wear them 20+ hours a day again."
        property string message: ""
        function print() { message = "Mock: nothing printed." }
        property string pdfPath: ""
    }

    property QtObject outbox: QtObject {
        property string endpoint: "mock://lab"
        property bool sending: false
        signal sendFinished()
        property var packages: [ { id: "p1", title: "Demo Patient · case C-1001 · lab case LAB-000123", state: "uploading", progress: 0.42, percent: 42, receipt: "", error: "", detail: "queued 2026-12-01T09:00:00Z · 10.0 MB · 42 %", canRetry: false },
                                 { id: "p0", title: "Demo Patient · case C-1001 · lab case LAB-000123", state: "delivered", progress: 1, percent: 100, receipt: "LAB-2026-0042", error: "", detail: "queued 2026-11-01T09:00:00Z · 9.8 MB · 100 %", canRetry: false } ]
        property string message: ""
        function refresh() {}
        function retry(id) { message = "Mock: retry " + id }
        function sendAll() { message = "Mock: nothing sent." }
    }

    property QtObject settings: QtObject {
        property string labEndpoint: "http://127.0.0.1:1080/files/"
        property string rulePack: "default"
        property var rulePacks: ["default"]
        property var devices: [ { name: "Mock scanner", status: "ready" }, { name: "Mock camera", status: "ready" } ]
        property string dataDir: "(mock)"
        property string message: ""
        function save(endpoint, pack) { labEndpoint = endpoint; rulePack = pack; message = "Saved (mock)." }
        property string scanSource: "sim"
        property string scanFolder: ""
        property string cameraSource: "sim"
        function saveDevices(scan, folder, camera) { scanSource = scan; scanFolder = folder; cameraSource = camera; message = "Devices saved (mock)."; return true }
    }
}
