// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title Proof Manager: batch proof requests for external proving networks
/// @notice Hands proof requests to two proving networks (Fermah, Lagrange) and a
/// preferred network in round robin, tracks each request through its states and
/// pays the networks in USDC (docs/protocols/proof-manager.md):
///
///   PendingAcknowledgement ─┬─► Refused
///                           ├─► Unacknowledged
///                           └─► Committed ─┬─► TimedOut
///                                          └─► Proven ─┬─► ValidationFailed
///                                                      └─► Validated ─► Paid
///
/// The network edges (→ Committed, → Refused, → Proven, → Paid) are taken by the
/// network the request is assigned to, through acknowledgeProofRequest, submitProof
/// and withdraw; the others by the submitter, through updateProofRequestStatus.
/// Every entry point that moves a request checks, in this order: the request
/// exists, the edge exists (TransitionNotAllowed), the caller holds the edge's
/// role, and the edge's deadline.
/// @dev Deployed behind an ERC-1967 proxy (ProofManagerProxy) and upgraded UUPS-style
/// by the admin. Storage is append-only across versions: new variables go after the
/// last one, before __gap, which shrinks accordingly.
contract ProofManager is Initializable, UUPSUpgradeable {
    using SafeERC20 for IERC20;

    enum ProvingNetwork {
        None,
        Fermah,
        Lagrange
    }

    enum ProvingNetworkStatus {
        Active,
        Inactive
    }

    enum ProofRequestStatus {
        PendingAcknowledgement,
        Committed,
        Refused,
        Unacknowledged,
        Proven,
        TimedOut,
        Validated,
        ValidationFailed,
        Paid
    }

    struct ProofRequestIdentifier {
        uint256 chainId;
        uint256 batchNumber;
    }

    struct ProofRequestParams {
        string proofInputsUrl;
        uint32 protocolMajor;
        uint32 protocolMinor;
        uint32 protocolPatch;
        uint256 timeoutAfter;
        uint256 maxReward;
    }

    /// @notice A proof request, as proofRequest returns it. price is what the network
    /// asked for, clamped to maxReward; proof and price are set by submitProof.
    struct ProofRequest {
        bool exists;
        ProofRequestStatus status;
        ProvingNetwork assignedTo;
        uint32 protocolMajor;
        uint32 protocolMinor;
        uint32 protocolPatch;
        uint64 submittedAt;
        uint256 timeoutAfter;
        uint256 maxReward;
        uint256 price;
        string proofInputsUrl;
        bytes proof;
    }

    /// @notice A proving network: its current address, status, the USDC owed to it
    /// and how many Validated requests that sum covers.
    struct ProvingNetworkInfo {
        address addr;
        ProvingNetworkStatus status;
        uint256 paymentDue;
        uint256 unpaidRequests;
    }

    /// @notice The longest a network may take to acknowledge a request, from its submission.
    uint256 public constant ACKNOWLEDGEMENT_WINDOW = 120;
    /// @notice The highest maxReward of a request: 25,000 USDC (6 decimals).
    uint256 public constant MAX_REWARD = 25_000e6;
    /// @notice The most one withdraw call pays: 25,000 USDC (6 decimals).
    uint256 public constant WITHDRAW_CAP = 25_000e6;

    /// @dev A proof request as stored: the first slot holds everything but the two deadlines'
    /// inputs and the payloads, so that a status change or a payment touches one slot. price
    /// and maxReward fit 64 bits (maxReward <= MAX_REWARD).
    struct StoredRequest {
        bool exists;
        ProofRequestStatus status;
        ProvingNetwork assignedTo;
        uint32 protocolMajor;
        uint32 protocolMinor;
        uint32 protocolPatch;
        uint64 submittedAt;
        uint64 price;
        uint256 timeoutAfter;
        uint64 maxReward;
        string proofInputsUrl;
        bytes proof;
    }

    /// @dev A network's record; unpaid[unpaidHead..unpaidTail) are its Validated, unpaid
    /// requests in order. The queue bounds share the address's slot, so that moving them
    /// never writes a zero slot. A queued id takes one slot (_packId) when chainId < 2^127
    /// and batchNumber < 2^128, else it is in unpaidWide and its unpaid slot is zero.
    struct NetworkState {
        address addr;
        ProvingNetworkStatus status;
        uint32 unpaidHead;
        uint32 unpaidTail;
        uint256 paymentDue;
        mapping(uint256 index => uint256 packedId) unpaid;
        mapping(uint256 index => ProofRequestIdentifier) unpaidWide;
    }

    address public admin;
    address public submitter;
    IERC20 public usdc;
    ProvingNetwork public preferredProvingNetwork;
    /// @notice How many requests were submitted (refused at once or not): drives the round robin.
    uint256 public requestCounter;
    mapping(ProvingNetwork network => NetworkState) private _networks;
    mapping(uint256 chainId => mapping(uint256 batchNumber => StoredRequest)) private _requests;
    uint256[43] private __gap;

    event ProofRequestSubmitted(
        uint256 indexed chainId,
        uint256 indexed batchNumber,
        ProvingNetwork indexed assignedTo,
        string proofInputsUrl,
        uint32 protocolMajor,
        uint32 protocolMinor,
        uint32 protocolPatch,
        uint256 timeoutAfter,
        uint256 maxReward
    );
    event ProofStatusChanged(uint256 indexed chainId, uint256 indexed batchNumber, ProofRequestStatus status);
    event PaymentWithdrawn(ProvingNetwork indexed network, uint256 amount);
    event ProvingNetworkAddressChanged(ProvingNetwork indexed network, address addr);
    event ProvingNetworkStatusChanged(ProvingNetwork indexed network, ProvingNetworkStatus status);
    event PreferredProvingNetworkSet(ProvingNetwork indexed network);
    event SubmitterChanged(address indexed previousSubmitter, address indexed newSubmitter);
    event AdminTransferred(address indexed previousAdmin, address indexed newAdmin);

    error ZeroAdmin();
    error ZeroSubmitter();
    error ZeroUsdc();
    error ZeroNetworkAddress(ProvingNetwork network);
    error NetworkAddressInUse(address addr, ProvingNetwork network);
    error InvalidProvingNetwork(ProvingNetwork network);
    error NotAdmin(address caller);
    error NotSubmitter(address caller);
    error NotAssignee(address caller, ProvingNetwork assignedTo);
    error NotProvingNetwork(address caller);
    error ProofRequestNotFound(uint256 chainId, uint256 batchNumber);
    error DuplicateProofRequest(uint256 chainId, uint256 batchNumber);
    error ZeroTimeout(uint256 chainId, uint256 batchNumber);
    error MaxRewardTooHigh(uint256 maxReward, uint256 limit);
    error TransitionNotAllowed(ProofRequestStatus from, ProofRequestStatus to);
    error TransitionReservedForNetwork(ProofRequestStatus from, ProofRequestStatus to);
    error AcknowledgementDeadlinePassed(uint256 deadline, uint256 timestamp);
    error AcknowledgementWindowOpen(uint256 deadline, uint256 timestamp);
    error ProvingDeadlinePassed(uint256 deadline, uint256 timestamp);
    error ProvingDeadlineNotPassed(uint256 deadline, uint256 timestamp);
    error EmptyProof(uint256 chainId, uint256 batchNumber);
    error NoPaymentDue(ProvingNetwork network);

    modifier onlyAdmin() {
        if (msg.sender != admin) revert NotAdmin(msg.sender);
        _;
    }

    /// @dev The implementation itself can never be initialized: only proxies can.
    constructor() {
        _disableInitializers();
    }

    /// @notice Sets the roles, both networks Active with their addresses, no preferred
    /// network, and the payment token. Called once, through the proxy's constructor.
    function initialize(address admin_, address submitter_, address fermah, address lagrange, address usdc_)
        external
        initializer
    {
        if (admin_ == address(0)) revert ZeroAdmin();
        if (submitter_ == address(0)) revert ZeroSubmitter();
        if (fermah == address(0)) revert ZeroNetworkAddress(ProvingNetwork.Fermah);
        if (lagrange == address(0)) revert ZeroNetworkAddress(ProvingNetwork.Lagrange);
        if (fermah == lagrange) revert NetworkAddressInUse(lagrange, ProvingNetwork.Fermah);
        if (usdc_ == address(0)) revert ZeroUsdc();
        admin = admin_;
        submitter = submitter_;
        usdc = IERC20(usdc_);
        emit AdminTransferred(address(0), admin_);
        emit SubmitterChanged(address(0), submitter_);
        _setNetwork(ProvingNetwork.Fermah, fermah);
        _setNetwork(ProvingNetwork.Lagrange, lagrange);
    }

    // ---------------------------------------------------------------- admin

    /// @notice Points a network at a new address (key rotation). What the network is
    /// owed stays with the network: the new address collects it.
    function updateProvingNetworkAddress(ProvingNetwork network, address addr) external onlyAdmin {
        if (network == ProvingNetwork.None) revert InvalidProvingNetwork(network);
        if (addr == address(0)) revert ZeroNetworkAddress(network);
        ProvingNetwork other = network == ProvingNetwork.Fermah ? ProvingNetwork.Lagrange : ProvingNetwork.Fermah;
        if (_networks[other].addr == addr) revert NetworkAddressInUse(addr, other);
        _networks[network].addr = addr;
        emit ProvingNetworkAddressChanged(network, addr);
    }

    /// @notice Marks a network Active or Inactive. An Inactive network gets no new
    /// requests (its slots are Refused at once) but keeps acting on the ones it has.
    function updateProvingNetworkStatus(ProvingNetwork network, ProvingNetworkStatus status) external onlyAdmin {
        if (network == ProvingNetwork.None) revert InvalidProvingNetwork(network);
        _networks[network].status = status;
        emit ProvingNetworkStatusChanged(network, status);
    }

    /// @notice Sets the network that gets two requests out of four (None: those are Refused).
    function updatePreferredProvingNetwork(ProvingNetwork network) external onlyAdmin {
        preferredProvingNetwork = network;
        emit PreferredProvingNetworkSet(network);
    }

    function setSubmitter(address newSubmitter) external onlyAdmin {
        if (newSubmitter == address(0)) revert ZeroSubmitter();
        emit SubmitterChanged(submitter, newSubmitter);
        submitter = newSubmitter;
    }

    function transferAdmin(address newAdmin) external onlyAdmin {
        if (newAdmin == address(0)) revert ZeroAdmin();
        emit AdminTransferred(admin, newAdmin);
        admin = newAdmin;
    }

    // ------------------------------------------------------------ submitter

    /// @notice Submits a proof request and assigns it: request counter % 4 → 0 Fermah,
    /// 1 Lagrange, 2 and 3 the preferred network. A request whose assignee is None or
    /// Inactive is stored Refused at once.
    function submitProofRequest(ProofRequestIdentifier calldata id, ProofRequestParams calldata params) external {
        if (msg.sender != submitter) revert NotSubmitter(msg.sender);
        StoredRequest storage r = _requests[id.chainId][id.batchNumber];
        if (r.exists) revert DuplicateProofRequest(id.chainId, id.batchNumber);
        if (params.timeoutAfter == 0) revert ZeroTimeout(id.chainId, id.batchNumber);
        if (params.maxReward > MAX_REWARD) revert MaxRewardTooHigh(params.maxReward, MAX_REWARD);

        uint256 slot = requestCounter % 4;
        requestCounter++;
        ProvingNetwork assignee =
            slot == 0 ? ProvingNetwork.Fermah : slot == 1 ? ProvingNetwork.Lagrange : preferredProvingNetwork;
        ProofRequestStatus status = ProofRequestStatus.PendingAcknowledgement;
        if (assignee == ProvingNetwork.None || _networks[assignee].status != ProvingNetworkStatus.Active) {
            status = ProofRequestStatus.Refused;
        }

        r.exists = true;
        r.status = status;
        r.assignedTo = assignee;
        r.protocolMajor = params.protocolMajor;
        r.protocolMinor = params.protocolMinor;
        r.protocolPatch = params.protocolPatch;
        r.submittedAt = uint64(block.timestamp);
        r.timeoutAfter = params.timeoutAfter;
        r.maxReward = uint64(params.maxReward); // <= MAX_REWARD
        r.proofInputsUrl = params.proofInputsUrl;

        emit ProofRequestSubmitted(
            id.chainId,
            id.batchNumber,
            assignee,
            params.proofInputsUrl,
            params.protocolMajor,
            params.protocolMinor,
            params.protocolPatch,
            params.timeoutAfter,
            params.maxReward
        );
        emit ProofStatusChanged(id.chainId, id.batchNumber, status);
    }

    /// @notice The submitter's moves: PendingAcknowledgement → Unacknowledged (strictly
    /// after the acknowledgement window), Committed → TimedOut (strictly after the
    /// proving deadline), Proven → Validated (the price becomes due to the network) or
    /// ValidationFailed. A network's edge asked for here reverts with
    /// TransitionReservedForNetwork, an edge not drawn with TransitionNotAllowed.
    function updateProofRequestStatus(ProofRequestIdentifier calldata id, ProofRequestStatus status) external {
        StoredRequest storage r = _request(id);
        ProofRequestStatus from = r.status;
        if (!_isEdge(from, status)) revert TransitionNotAllowed(from, status);
        if (_isNetworkEdge(from, status)) revert TransitionReservedForNetwork(from, status);
        if (msg.sender != submitter) revert NotSubmitter(msg.sender);

        if (status == ProofRequestStatus.Unacknowledged) {
            uint256 deadline = _deadline(r.submittedAt, ACKNOWLEDGEMENT_WINDOW);
            if (block.timestamp <= deadline) revert AcknowledgementWindowOpen(deadline, block.timestamp);
        } else if (status == ProofRequestStatus.TimedOut) {
            uint256 deadline = _deadline(r.submittedAt, r.timeoutAfter);
            if (block.timestamp <= deadline) revert ProvingDeadlineNotPassed(deadline, block.timestamp);
        } else if (status == ProofRequestStatus.Validated) {
            NetworkState storage n = _networks[r.assignedTo];
            uint32 tail = n.unpaidTail;
            if (id.chainId < 1 << 127 && id.batchNumber < 1 << 128) {
                n.unpaid[tail] = (1 << 255) | (id.chainId << 128) | id.batchNumber;
            } else {
                n.unpaidWide[tail] = id;
            }
            n.unpaidTail = tail + 1;
            n.paymentDue += r.price;
        }
        _setStatus(r, id.chainId, id.batchNumber, status);
    }

    // ------------------------------------------------------ proving network

    /// @notice The assignee commits to prove a request (accept) or refuses it, while
    /// block.timestamp ≤ submittedAt + ACKNOWLEDGEMENT_WINDOW.
    function acknowledgeProofRequest(ProofRequestIdentifier calldata id, bool accept) external {
        StoredRequest storage r = _request(id);
        ProofRequestStatus to = accept ? ProofRequestStatus.Committed : ProofRequestStatus.Refused;
        if (r.status != ProofRequestStatus.PendingAcknowledgement) revert TransitionNotAllowed(r.status, to);
        _checkAssignee(r);
        uint256 deadline = _deadline(r.submittedAt, ACKNOWLEDGEMENT_WINDOW);
        if (block.timestamp > deadline) revert AcknowledgementDeadlinePassed(deadline, block.timestamp);
        _setStatus(r, id.chainId, id.batchNumber, to);
    }

    /// @notice The assignee submits the proof of a request it committed to, with its
    /// price (stored as min(price, maxReward)), while block.timestamp ≤ submittedAt +
    /// timeoutAfter.
    function submitProof(ProofRequestIdentifier calldata id, bytes calldata proof, uint256 price) external {
        StoredRequest storage r = _request(id);
        if (r.status != ProofRequestStatus.Committed) {
            revert TransitionNotAllowed(r.status, ProofRequestStatus.Proven);
        }
        _checkAssignee(r);
        uint256 deadline = _deadline(r.submittedAt, r.timeoutAfter);
        if (block.timestamp > deadline) revert ProvingDeadlinePassed(deadline, block.timestamp);
        if (proof.length == 0) revert EmptyProof(id.chainId, id.batchNumber);
        r.proof = proof;
        uint64 maxReward = r.maxReward;
        r.price = price < maxReward ? uint64(price) : maxReward;
        _setStatus(r, id.chainId, id.batchNumber, ProofRequestStatus.Proven);
    }

    /// @notice Pays the calling network's Validated requests, oldest first, as long as
    /// the sum stays within WITHDRAW_CAP; each one paid becomes Paid. The rest waits
    /// for the next call.
    function withdraw() external {
        ProvingNetwork network = _networkOf(msg.sender);
        if (network == ProvingNetwork.None) revert NotProvingNetwork(msg.sender);
        NetworkState storage n = _networks[network];
        uint256 due = n.paymentDue;
        if (due == 0) revert NoPaymentDue(network);

        uint256 amount;
        uint32 head = n.unpaidHead;
        uint32 end = n.unpaidTail;
        while (head < end) {
            (uint256 chainId, uint256 batchNumber, bool wide) = _unpaidAt(n, head);
            StoredRequest storage r = _requests[chainId][batchNumber];
            uint256 price = r.price;
            // amount <= WITHDRAW_CAP and price < 2^64: no overflow.
            unchecked {
                if (amount + price > WITHDRAW_CAP) break;
                amount += price;
            }
            _setStatus(r, chainId, batchNumber, ProofRequestStatus.Paid);
            if (wide) delete n.unpaidWide[head];
            else delete n.unpaid[head];
            unchecked {
                head++; // head < end
            }
        }
        n.unpaidHead = head;
        unchecked {
            n.paymentDue = due - amount; // amount sums requests counted in due
        }

        emit PaymentWithdrawn(network, amount);
        usdc.safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------- views

    /// @notice The stored request; reverts with ProofRequestNotFound for an unknown id.
    function proofRequest(uint256 chainId, uint256 batchNumber) external view returns (ProofRequest memory) {
        StoredRequest storage r = _requests[chainId][batchNumber];
        if (!r.exists) revert ProofRequestNotFound(chainId, batchNumber);
        return ProofRequest({
            exists: true,
            status: r.status,
            assignedTo: r.assignedTo,
            protocolMajor: r.protocolMajor,
            protocolMinor: r.protocolMinor,
            protocolPatch: r.protocolPatch,
            submittedAt: r.submittedAt,
            timeoutAfter: r.timeoutAfter,
            maxReward: r.maxReward,
            price: r.price,
            proofInputsUrl: r.proofInputsUrl,
            proof: r.proof
        });
    }

    function provingNetworkInfo(ProvingNetwork network) external view returns (ProvingNetworkInfo memory) {
        NetworkState storage n = _networks[network];
        return ProvingNetworkInfo({
            addr: n.addr,
            status: n.status,
            paymentDue: n.paymentDue,
            unpaidRequests: n.unpaidTail - n.unpaidHead
        });
    }

    /// @notice The network's Validated, unpaid requests, in the order withdraw pays them.
    function unpaidProofRequests(ProvingNetwork network) external view returns (ProofRequestIdentifier[] memory ids) {
        NetworkState storage n = _networks[network];
        ids = new ProofRequestIdentifier[](n.unpaidTail - n.unpaidHead);
        for (uint256 i = 0; i < ids.length; i++) {
            (uint256 chainId, uint256 batchNumber,) = _unpaidAt(n, n.unpaidHead + i);
            ids[i] = ProofRequestIdentifier(chainId, batchNumber);
        }
    }

    // -------------------------------------------------------------- helpers

    function _authorizeUpgrade(address) internal view override onlyAdmin {}

    function _setNetwork(ProvingNetwork network, address addr) private {
        _networks[network].addr = addr;
        emit ProvingNetworkAddressChanged(network, addr);
        emit ProvingNetworkStatusChanged(network, ProvingNetworkStatus.Active);
    }

    /// @dev The id queued at index i of n's unpaid requests, and whether it is in unpaidWide.
    function _unpaidAt(NetworkState storage n, uint256 i)
        private
        view
        returns (uint256 chainId, uint256 batchNumber, bool wide)
    {
        uint256 packed = n.unpaid[i];
        if (packed != 0) return ((packed >> 128) & ((1 << 127) - 1), uint128(packed), false);
        ProofRequestIdentifier storage id = n.unpaidWide[i];
        return (id.chainId, id.batchNumber, true);
    }

    function _request(ProofRequestIdentifier calldata id) private view returns (StoredRequest storage r) {
        r = _requests[id.chainId][id.batchNumber];
        if (!r.exists) revert ProofRequestNotFound(id.chainId, id.batchNumber);
    }

    function _checkAssignee(StoredRequest storage r) private view {
        // None never has an address (the admin cannot set one), so nobody passes for it.
        if (msg.sender != _networks[r.assignedTo].addr) revert NotAssignee(msg.sender, r.assignedTo);
    }

    function _networkOf(address addr) private view returns (ProvingNetwork) {
        if (addr == _networks[ProvingNetwork.Fermah].addr) return ProvingNetwork.Fermah;
        if (addr == _networks[ProvingNetwork.Lagrange].addr) return ProvingNetwork.Lagrange;
        return ProvingNetwork.None;
    }

    function _setStatus(StoredRequest storage r, uint256 chainId, uint256 batchNumber, ProofRequestStatus status)
        private
    {
        r.status = status;
        emit ProofStatusChanged(chainId, batchNumber, status);
    }

    /// @dev start + duration, saturating instead of overflowing (timeoutAfter is any uint256).
    function _deadline(uint256 start, uint256 duration) private pure returns (uint256) {
        unchecked {
            uint256 d = start + duration;
            return d < start ? type(uint256).max : d;
        }
    }

    /// @dev The edges of the state machine, as bits (from * 9 + to) of one word:
    /// PendingAcknowledgement → Committed (1), Refused (2), Unacknowledged (3);
    /// Committed → Proven (13), TimedOut (14); Proven → Validated (42),
    /// ValidationFailed (43); Validated → Paid (62).
    uint256 private constant EDGES = (1 << 1) | (1 << 2) | (1 << 3) | (1 << 13) | (1 << 14) | (1 << 42) | (1 << 43)
        | (1 << 62);
    /// @dev The edges the assigned proving network takes: → Committed, → Refused,
    /// Committed → Proven, Validated → Paid.
    uint256 private constant NETWORK_EDGES = (1 << 1) | (1 << 2) | (1 << 13) | (1 << 62);

    function _isEdge(ProofRequestStatus from, ProofRequestStatus to) private pure returns (bool) {
        return (EDGES >> (uint256(from) * 9 + uint256(to))) & 1 == 1;
    }

    /// @dev Whether an edge is taken by the assigned proving network.
    function _isNetworkEdge(ProofRequestStatus from, ProofRequestStatus to) private pure returns (bool) {
        return (NETWORK_EDGES >> (uint256(from) * 9 + uint256(to))) & 1 == 1;
    }
}
