package consensus

import "errors"

// Errors a caller may need to tell apart. Each proposal rejection has its own.
var (
	ErrWrongGenesis        = errors.New("message for another genesis or epoch")
	ErrBadSignature        = errors.New("invalid signature")
	ErrUnknownSigner       = errors.New("signer not in the committee")
	ErrOld                 = errors.New("message for an old view")
	ErrWrongPhase          = errors.New("proposal for the current view after voting or timing out")
	ErrWrongLeader         = errors.New("proposal not from the view's leader")
	ErrInvalidJustify      = errors.New("invalid justification")
	ErrReproposalPayload   = errors.New("re-proposal carries a payload")
	ErrMissingPayload      = errors.New("new block proposal without a payload")
	ErrOversizePayload     = errors.New("payload over the size limit")
	ErrPrunedBlock         = errors.New("proposal for a block that is already final")
	ErrPreviousNotFinal    = errors.New("previous block not final yet")
	ErrPayloadRejected     = errors.New("engine refused the payload")
	ErrDuplicateSigner     = errors.New("signer already voted at this view or a later one")
	ErrInvalidMessage      = errors.New("invalid message")
	ErrPayloadHashMismatch = errors.New("payload does not match the CommitQC's payload hash")
	ErrBadQC               = errors.New("invalid quorum certificate")
	ErrDecode              = errors.New("decode")
)
