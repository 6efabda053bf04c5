// Package server is the portal's HTTP layer: chi routes, middleware, one file
// per handler area and the central error renderer.
package server

import (
	"compress/flate"
	"context"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/layout"
	"github.com/portail-clts/clts/web/static"
)

// Server holds the dependencies of every handler.
type Server struct {
	cfg      config.Config
	db       *postgres.DB
	log      *slog.Logger
	assets   *static.Assets
	sessions *scs.SessionManager
	now      func() time.Time
	// dummyHash is checked when a login names no account, so that a wrong
	// login name takes as long as a wrong password.
	dummyHash string
	// hashSlots bounds the argon2id computations running at once: each
	// takes 19 MiB, and a burst of logins must not exhaust the memory.
	hashSlots chan struct{}
	// draining is set when shutdown begins: /readyz answers 503 while the
	// requests still arriving are served (Serve, SHUTDOWN_DRAIN).
	draining atomic.Bool
	// signingKey checks the links e-mails carry (answering a meeting,
	// unsubscribing: auth.VerifyAnswer), read once at start.
	signingKey []byte
}

// New builds a Server.
func New(cfg config.Config, db *postgres.DB, logger *slog.Logger) (*Server, error) {
	assets, err := static.New()
	if err != nil {
		return nil, err
	}
	dummy, err := auth.HashPassword("not a password of anyone", cfg.PasswordParams)
	if err != nil {
		return nil, err
	}
	// The key of the e-mails' links, read once: every instance reads the
	// same row, so that a link signed by the worker is checked anywhere.
	keyCtx, cancel := context.WithTimeout(context.Background(), signingKeyTimeout)
	defer cancel()
	key, err := db.SigningKey(keyCtx)
	if err != nil {
		return nil, err
	}
	// The decoy hash took argon2id's 19 MiB: give them back to the system
	// now rather than at the runtime's next forced collection, minutes
	// later, so an idle server stays small.
	debug.FreeOSMemory()
	s := &Server{
		cfg:       cfg,
		db:        db,
		log:       logger,
		assets:    assets,
		sessions:  newSessionManager(cfg, db),
		now:       time.Now,
		dummyHash: dummy,
		hashSlots: make(chan struct{}, max(2, runtime.NumCPU())),
	}
	s.signingKey = key
	s.sessions.ErrorFunc = s.sessionFailed
	// The practice workflow's steps queue their e-mails themselves.
	db.SetPracticeMailer(mails.Practices{BaseURL: cfg.BaseURL.String()})
	db.SetContributionMailer(mails.Contributions{BaseURL: cfg.BaseURL.String()})
	db.SetContributionReplyMailer(mails.ContributionReplies{BaseURL: cfg.BaseURL.String()})
	db.SetCharterMailer(mails.Charter{BaseURL: cfg.BaseURL.String()})
	db.SetEventMailer(mails.Events{BaseURL: cfg.BaseURL.String()})
	return s, nil
}

// Handler returns the portal's routes wrapped in their middleware. The
// probes' GET and HEAD are answered before it (probesFirst).
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(s.realIP)
	r.Use(s.accessLog)
	r.Use(s.recoverPanic)
	r.Use(s.securityHeaders)
	r.Use(s.limitHeaders)
	r.Use(s.limitBody)
	r.Use(s.checkURL)
	r.Use(s.requestTimeout)
	// gzip's fastest level (compress/flate's BestSpeed): at level 5 the
	// compression was a quarter of the portal's CPU on a practice search
	// (its hash tables cleared and filled for every answer), for answers
	// 10 to 13 % smaller (the committee search: 3,329 bytes instead of
	// 3,756; the national one: 5,264 instead of 5,816).
	r.Use(middleware.Compress(flate.BestSpeed, "text/html", "text/css", "text/plain", "text/csv",
		"text/calendar", "application/json", "image/svg+xml"))
	r.Use(headAsGet)

	r.NotFound(func(w http.ResponseWriter, r *http.Request) { s.renderError(w, r, http.StatusNotFound) })
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusMethodNotAllowed)
	})

	// Probes and assets need no session. The probes' GET and HEAD never
	// reach the router (probesFirst); their routes stay for the route
	// matrix, and so that other methods get the French 405 page.
	r.Get(paths.Healthz, s.handleHealthz)
	r.Get(paths.Readyz, s.handleReadyz)
	r.Get(paths.Static, s.handleStatic)
	// Calendar feeds: calendar clients carry a secret, not a session.
	r.Get(paths.PersonalFeed, s.handlePersonalFeed)
	r.Get(paths.CommitteeFeedPattern, s.handleCommitteeFeed)
	// The news's Atom feeds: a committee's behind its member's feed secret,
	// the national one public.
	r.Get(paths.CommitteeNewsFeedPattern, s.handleCommitteeNewsFeed)
	r.Get(paths.NationalNewsFeed, s.handleNationalNewsFeed)

	r.Group(func(r chi.Router) {
		r.Use(s.crossOriginProtection)
		r.Use(s.session)

		r.Get(paths.Home, s.handleHome)
		r.Get(paths.Legal, s.handleAccessibility)
		r.Get(paths.Glossary, s.handleGlossary)
		r.Get(paths.Login, s.handleLoginForm)
		r.Post(paths.Login, s.handleLogin)
		r.Post(paths.Logout, s.handleLogout)
		// The second step of a sign-in: for a half-signed-in session only.
		r.Get(paths.LoginCode, s.handleLoginCodeForm)
		r.Post(paths.LoginCode, s.handleLoginCode)
		r.Get(paths.LoginEnrol, s.handleLoginEnrolForm)
		r.Post(paths.LoginEnrol, s.handleLoginEnrol)
		r.Get(paths.ForgotPassword, s.handleForgotForm)
		r.Post(paths.ForgotPassword, s.handleForgot)
		r.Get(paths.ResetPassword, s.handleResetForm)
		r.Post(paths.ResetPassword, s.handleReset)
		r.Get(paths.Invitation, s.handleInvitationForm)
		r.Post(paths.Invitation, s.handleInvitationAccept)
		r.Get(paths.InvitationCode, s.handleInvitationCodeForm)
		r.Post(paths.InvitationCode, s.handleInvitationCode)
		r.Get(paths.AccessCode, s.handleAccessCodeForm)
		r.Post(paths.AccessCode, s.handleAccessCode)
		r.Get(paths.AccessPassword, s.handleAccessPasswordForm)
		r.Post(paths.AccessPassword, s.handleAccessPassword)
		// The links e-mails carry: their signed token says who, signed in
		// or not. A GET shows what the button will do; only the POST acts.
		r.Get(paths.MailAnswerPattern, s.handleMailAnswerForm)
		r.Post(paths.MailAnswerPattern, s.handleMailAnswer)
		r.Get(paths.MailUnsubscribePattern, s.handleMailUnsubscribeForm)
		r.Post(paths.MailUnsubscribePattern, s.handleMailUnsubscribe)

		r.Group(func(r chi.Router) {
			r.Use(s.requireLogin)
			r.Get(paths.Committees, s.handleMyCommittees)
			r.Get(paths.Account, s.handleAccount)
			r.Post(paths.AccountEasyMode, s.handleAccountEasyMode)
			r.Get(paths.Menu, s.handleMenu)
			r.Post(paths.AccountName, s.handleAccountName)
			r.Post(paths.AccountPassword, s.handleAccountPassword)
			r.Post(paths.AccountLogoutAll, s.handleLogoutEverywhere)
			r.Get(paths.AccountSecondFactor, s.handleSecondFactor)
			r.Post(paths.AccountSecondFactor, s.handleSecondFactorStart)
			r.Post(paths.AccountSecondFactorConfirm, s.handleSecondFactorConfirm)
			r.Post(paths.AccountRecoveryCodes, s.handleRecoveryCodes)
			// The notification centre and the preferences: the person's own.
			r.Get(paths.Notifications, s.handleNotifications)
			r.Post(paths.NotificationsReadAll, s.handleNotificationsReadAll)
			r.Post(paths.NotificationReadPattern, s.handleNotificationRead)
			r.Get(paths.NotificationSettings, s.handleNotificationSettings)
			r.Post(paths.NotificationSettings, s.handleNotificationSettingsSave)
			// The person's data rights: the archive and the erasure request.
			r.Get(paths.MyData, s.handleMyData)
			r.Get(paths.MyDataArchive, s.handleMyDataArchive)
			r.Post(paths.MyDataErasure, s.handleMyDataErasure)
			r.Post(paths.MyDataArchives, s.handleMyDataArchiveRequest)
			r.Get(paths.MyDataStoredPattern, s.handleMyDataStored)
		})

		r.Group(func(r chi.Router) {
			r.Use(s.requireLogin)
			r.Use(s.require(auth.CreateCommittee))
			r.Get(paths.OperatorCommittees, s.handleOperatorCommittees)
			r.Post(paths.OperatorCommittees, s.handleOperatorCommitteeCreate)
			r.Get(paths.OperatorCommitteePattern, s.handleOperatorCommittee)
			r.Post(paths.OperatorCommitteeRenamePattern, s.handleOperatorCommitteeRename)
			r.Post(paths.OperatorCommitteePilotPattern, s.handleOperatorCommitteePilot)
			r.Get(paths.OperatorOutbox, s.handleOperatorOutbox)
			r.Post(paths.OperatorMailRetryPattern, s.handleOperatorMailRetry)
			r.Get(paths.OperatorLog, s.handleOperatorLog)
		})
		r.Group(func(r chi.Router) {
			r.Use(s.requireLogin)
			r.Use(s.require(auth.ResetSecondFactor))
			r.Get(paths.OperatorSecondFactor, s.handleOperatorSecondFactor)
			r.Post(paths.OperatorSecondFactor, s.handleOperatorSecondFactorReset)
		})

		r.Group(func(r chi.Router) {
			r.Use(s.requireLogin)
			r.Use(s.require(auth.PublishSeminars))
			r.Get(paths.Seminars, s.handleSeminars)
			r.Post(paths.Seminars, s.handleSeminarCreate)
			r.Get(paths.SeminarEditPattern, s.handleSeminarEditForm)
			r.Post(paths.SeminarEditPattern, s.handleSeminarEdit)
		})
		// The national news: HCTS readers and the members of any committee
		// read them; HCTS publishers post and edit them.
		r.Group(func(r chi.Router) {
			r.Use(s.requireLogin)
			r.Use(s.require(auth.ReadNationalNews))
			r.Get(paths.NationalNews, onDesk(nationalNews, s.newsList))
			r.Get(paths.NationalNewsItemPattern, onDesk(nationalNews, s.newsItem))
			r.Get(paths.NationalNewsFilePattern, onDesk(nationalNews, s.newsFile))
		})
		r.Group(func(r chi.Router) {
			r.Use(s.requireLogin)
			r.Use(s.require(auth.PublishNews))
			r.Get(paths.NationalNewsNew, onDesk(nationalNews, s.newsNewForm))
			r.Post(paths.NationalNewsNew, onDesk(nationalNews, s.newsCreate))
			r.Get(paths.NationalNewsEditPattern, onDesk(nationalNews, s.newsEditForm))
			r.Post(paths.NationalNewsEditPattern, onDesk(nationalNews, s.newsEdit))
			r.Post(paths.NationalNewsFileDelPattern, onDesk(nationalNews, s.newsFileDelete))
		})
		// The national catalogue of practices: HCTS readers and the members
		// of any committee.
		r.Group(func(r chi.Router) {
			r.Use(s.requireLogin)
			r.Use(s.require(auth.ReadNationalPractices))
			r.Get(paths.NationalPractices, s.handleNationalPractices)
			r.Get(paths.NationalPracticePattern, s.handleNationalPractice)
			r.Get(paths.NationalPracticeFilePattern, s.handleNationalPracticeFile)
		})
		// The HCTS's yearly campaigns: HCTS readers list them; those with
		// the campaigns flag open, edit and extend them.
		r.Group(func(r chi.Router) {
			r.Use(s.requireLogin)
			r.Use(s.require(auth.ReadNational))
			r.Get(paths.Campaigns, s.handleCampaigns)
			r.Group(func(r chi.Router) {
				r.Use(s.require(auth.ManageCampaigns))
				r.Get(paths.CampaignNew, s.handleCampaignNewForm)
				r.Post(paths.CampaignNew, s.handleCampaignCreate)
				r.Get(paths.CampaignEditPattern, s.handleCampaignEditForm)
				r.Post(paths.CampaignEditPattern, s.handleCampaignEdit)
			})
		})
		// The HCTS's national reading of the transmitted contributions and
		// its exports: HCTS readers.
		r.Group(func(r chi.Router) {
			r.Use(s.requireLogin)
			r.Use(s.require(auth.ReadNational))
			r.Get(paths.NationalContributions, s.handleNationalContributions)
			r.Get(paths.NationalContributionsCSV, s.handleNationalContributionsCSV)
			r.Get(paths.NationalContributionsXLSX, s.handleNationalContributionsXLSX)
			r.Get(paths.NationalContributionsJSON, s.handleNationalContributionsJSON)
			r.Get(paths.NationalContributionsOpenData, s.handleNationalContributionsOpenData)
			r.Get(paths.NationalContributionsReport, s.handleNationalContributionsReport)
			r.Get(paths.NationalContributionPattern, s.handleNationalContribution)
			r.Post(paths.NationalContributionReadPattern, s.handleNationalContributionRead)
			r.Post(paths.NationalContributionRetainPattern, s.handleNationalContributionRetain)
			r.Post(paths.NationalContributionReplyPattern, s.handleNationalContributionReply)
		})
		r.With(s.requireLogin).Get(paths.Calendars, s.handleCalendars)
		r.With(s.requireLogin).Post(paths.Calendars, s.handleCalendarsNew)

		r.Route(paths.CommitteePrefix, func(r chi.Router) {
			r.Use(s.requireLogin)
			r.Use(s.loadCommittee)
			r.Get(paths.CommitteeHomePattern, s.handleCommitteeHome)
			r.Get(paths.CommitteeMenuPattern, s.handleMenu)
			r.Group(func(r chi.Router) {
				r.Use(s.require(auth.ManageMembers))
				r.Get(paths.MembersPattern, s.handleMembers)
				r.Post(paths.MemberRolePattern, s.handleMemberRole)
				r.Post(paths.MemberStatusPattern, s.handleMemberStatus)
				r.Get(paths.MemberDeactivatePattern, s.handleMemberDeactivateForm)
				r.Post(paths.MemberAccessSheetPattern, s.handleMemberAccessSheet)
				r.Get(paths.ErasureRequestsPattern, s.handleErasureRequests)
				r.Post(paths.ErasureConfirmPattern, s.handleErasureConfirm)
			})
			r.Group(func(r chi.Router) {
				r.Use(s.require(auth.InviteMembers))
				r.Get(paths.InvitationNewPattern, s.handleInvitationNewForm)
				r.Post(paths.InvitationNewPattern, s.handleInvitationCreate)
				r.Post(paths.InvitationRenewPattern, s.handleInvitationRenew)
				r.Post(paths.InvitationRevokePat, s.handleInvitationRevoke)
			})
			r.With(s.require(auth.ViewCommitteeLog)).Get(paths.CommitteeLogPattern, s.handleCommitteeLog)

			// Directory, institutions and groups: every member reads them.
			r.Get(paths.DirectoryPattern, s.handleDirectory)
			r.Get(paths.MemberProfilePattern, s.handleMemberProfile)
			r.Get(paths.ProfileEditPattern, s.handleProfileEditForm)
			r.Post(paths.ProfileEditPattern, s.handleProfileEdit)
			r.Get(paths.InstitutionsPattern, s.handleInstitutions)
			r.Get(paths.InstitutionPattern, s.handleInstitution)
			r.Get(paths.InstitutionLogoPattern, s.handleInstitutionLogo)
			r.Get(paths.GroupsPattern, s.handleGroups)
			r.Get(paths.GroupPattern, s.handleGroup)
			r.Post(paths.GroupJoinPattern, s.handleGroupJoin)
			r.Post(paths.GroupLeavePattern, s.handleGroupLeave)
			// Group leads act on their group; the handlers check the lead.
			r.Post(paths.GroupMemberPattern, s.handleGroupMember)
			r.Post(paths.GroupDecisionPattern, s.handleGroupDecision)
			r.Get(paths.GroupEditPattern, s.handleGroupEditForm)
			r.Post(paths.GroupEditPattern, s.handleGroupEdit)
			r.With(s.require(auth.ExportDirectory)).Get(paths.DirectoryExportPattern, s.handleDirectoryExport)
			r.Group(func(r chi.Router) {
				r.Use(s.require(auth.ManageInstitutions))
				r.Get(paths.InstitutionNewPattern, s.handleInstitutionNewForm)
				r.Post(paths.InstitutionNewPattern, s.handleInstitutionCreate)
				r.Get(paths.InstitutionEditPattern, s.handleInstitutionEditForm)
				r.Post(paths.InstitutionEditPattern, s.handleInstitutionEdit)
				r.Post(paths.InstitutionArchivePattern, s.handleInstitutionArchive)
				r.Post(paths.MemberInstitutionPattern, s.handleMemberInstitution)
			})
			// Meetings: every member reads them; the handlers check the
			// organiser (pilot, or the group's lead) and the invitees.
			r.Get(paths.MeetingsPattern, s.handleMeetings)
			r.Get(paths.MeetingsPastPattern, s.handleMeetingsPast)
			r.Get(paths.MeetingsMonthPattern, s.handleMeetingsMonth)
			r.Get(paths.MeetingNewPattern, s.handleMeetingNewForm)
			r.Post(paths.MeetingNewPattern, s.handleMeetingCreate)
			r.With(s.require(auth.ManageMeetings)).Get(paths.AttendanceRatesPattern, s.handleAttendanceRates)
			r.With(s.require(auth.ViewIndicators)).Get(paths.ParticipationPattern, s.handleIndicators)
			r.Get(paths.MeetingPattern, s.handleMeeting)
			r.Get(paths.MeetingICSPattern, s.handleMeetingICS)
			r.Get(paths.MeetingEditPattern, s.handleMeetingEditForm)
			r.Post(paths.MeetingEditPattern, s.handleMeetingEdit)
			r.Post(paths.MeetingCancelPattern, s.handleMeetingCancel)
			r.Post(paths.MeetingAnswerPattern, s.handleMeetingAnswer)
			r.Post(paths.MeetingConvenePattern, s.handleMeetingConvene)
			r.Post(paths.AgendaPattern, s.handleAgendaAdd)
			r.Post(paths.AgendaItemPattern, s.handleAgendaItem)
			r.Get(paths.AgendaItemEditPattern, s.handleAgendaItemEditForm)
			r.Post(paths.AgendaItemEditPattern, s.handleAgendaItemEdit)
			r.Get(paths.AgendaPrintPattern, s.handleAgendaPrint)
			r.Get(paths.AttendancePattern, s.handleAttendanceForm)
			r.Post(paths.AttendancePattern, s.handleAttendance)
			r.Get(paths.MinutesPattern, s.handleMinutesForm)
			r.Post(paths.MinutesPattern, s.handleMinutes)
			r.Get(paths.MinutesPrintPattern, s.handleMinutesPrint)
			// Accompanied participation: every member's « Aide » page; the
			// handlers check the referent rules (auth/referent.go).
			r.Get(paths.HelpPattern, s.handleHelp)
			r.Post(paths.HelpNamePattern, s.handleHelpName)
			r.Post(paths.HelpAcceptPattern, s.handleHelpAccept)
			r.Post(paths.HelpDeclinePattern, s.handleHelpDecline)
			r.Post(paths.HelpEndPattern, s.handleHelpEnd)
			r.Get(paths.ActWithPattern, s.handleActWith)
			r.Post(paths.ActAnswerPattern, s.handleActAnswer)
			r.Post(paths.ActAgendaPattern, s.handleActAgenda)
			r.Group(func(r chi.Router) {
				r.Use(s.require(auth.ManageGroups))
				r.Get(paths.GroupNewPattern, s.handleGroupNewForm)
				r.Post(paths.GroupNewPattern, s.handleGroupCreate)
				r.Post(paths.GroupArchivePattern, s.handleGroupArchive)
			})
			// Practices: every member reads the catalogue and writes; the
			// handlers check the practice rules (auth.CheckPractice). The
			// forms receive files: their body limit is UPLOAD_MAX_BYTES
			// (limitBody, paths.IsUpload).
			r.Get(paths.PracticesPattern, s.handlePractices)
			r.Get(paths.PracticeNewPattern, s.handlePracticeNewForm)
			r.Post(paths.PracticeNewPattern, s.handlePracticeCreate)
			r.Get(paths.PracticePattern, s.handlePractice)
			r.Get(paths.PracticeEditPattern, s.handlePracticeEditForm)
			r.Post(paths.PracticeEditPattern, s.handlePracticeEdit)
			r.Post(paths.PracticeSubmitPattern, s.handlePracticeSubmit)
			r.Post(paths.PracticePublishPattern, s.handlePracticePublish)
			r.Post(paths.PracticeReturnPattern, s.handlePracticeReturn)
			r.Post(paths.PracticeWithdrawPattern, s.handlePracticeWithdraw)
			r.Post(paths.PracticeSharePattern, s.handlePracticeShare)
			r.Post(paths.PracticeUnsharePattern, s.handlePracticeUnshare)
			r.Post(paths.PracticeFlagPattern, s.handlePracticeFlag)
			r.Get(paths.PracticeFilePattern, s.handlePracticeFile)
			r.Post(paths.PracticeFileDeletePattern, s.handlePracticeFileDelete)
			// Contributions to the HCTS's report: every member writes; the
			// handlers and the store check the contribution rules
			// (auth.CheckContribution). The campaign's follow-up and the
			// transmission of several at once are the pilots'.
			r.Get(paths.ContributionsPattern, s.handleContributions)
			r.Get(paths.ContributionNewPattern, s.handleContributionNewForm)
			r.Post(paths.ContributionNewPattern, s.handleContributionCreate)
			r.Get(paths.ContributionPattern, s.handleContribution)
			r.Get(paths.ContributionEditPattern, s.handleContributionEditForm)
			r.Post(paths.ContributionEditPattern, s.handleContributionEdit)
			r.Post(paths.ContributionProposePattern, s.handleContributionPropose)
			r.Post(paths.ContributionValidatePattern, s.handleContributionValidate)
			r.Post(paths.ContributionReturnPattern, s.handleContributionReturn)
			r.Post(paths.ContributionTransmitPattern, s.handleContributionTransmit)
			r.Post(paths.ContributionCorrectPattern, s.handleContributionCorrect)
			r.Post(paths.ContributionDeletePattern, s.handleContributionDelete)
			r.Post(paths.ContributionConsentPattern, s.handleContributionConsent)
			r.Post(paths.ContributionIndicatorsPattern, s.handleContributionIndicators)
			r.Group(func(r chi.Router) {
				r.Use(s.require(auth.TransmitContributions))
				r.Get(paths.CampaignPagePattern, s.handleCampaignPage)
				r.Get(paths.CampaignTransmitPattern, s.handleCampaignTransmitForm)
				r.Post(paths.CampaignTransmitPattern, s.handleCampaignTransmit)
			})
			// News: every member reads the committee's list and its local
			// items; pilots post, edit and pin them (auth.CheckNews). The
			// forms receive files: their body limit is UPLOAD_MAX_BYTES
			// (limitBody, paths.IsUpload).
			r.Get(paths.NewsPattern, onDesk(localNews, s.newsList))
			r.Get(paths.NewsItemPattern, onDesk(localNews, s.newsItem))
			r.Get(paths.NewsFilePattern, onDesk(localNews, s.newsFile))
			r.Group(func(r chi.Router) {
				r.Use(s.require(auth.PostLocalNews))
				r.Get(paths.NewsNewPattern, onDesk(localNews, s.newsNewForm))
				r.Post(paths.NewsNewPattern, onDesk(localNews, s.newsCreate))
				r.Get(paths.NewsEditPattern, onDesk(localNews, s.newsEditForm))
				r.Post(paths.NewsEditPattern, onDesk(localNews, s.newsEdit))
				r.Post(paths.NewsPinPattern, s.handleNewsPin)
				r.Post(paths.NewsUnpinPattern, s.handleNewsUnpin)
				r.Post(paths.NewsFileDelPattern, onDesk(localNews, s.newsFileDelete))
			})
			// Documents: every member lists those they read; the handlers
			// check the document rules (auth.CheckDocument,
			// auth.CanPlaceDocument). The new document and the new version
			// receive a file: their body limit is UPLOAD_MAX_BYTES
			// (limitBody, paths.IsUpload).
			r.Get(paths.DocumentsPattern, s.handleDocuments)
			r.Get(paths.DocumentNewPattern, s.handleDocumentNewForm)
			r.Post(paths.DocumentNewPattern, s.handleDocumentCreate)
			r.Get(paths.DocumentPattern, s.handleDocument)
			r.Get(paths.DocumentEditPattern, s.handleDocumentEditForm)
			r.Post(paths.DocumentEditPattern, s.handleDocumentEdit)
			r.Post(paths.DocumentArchivePattern, s.handleDocumentArchive)
			r.Post(paths.DocumentVersionsPattern, s.handleDocumentVersion)
			r.Get(paths.DocumentLatestFilePattern, s.handleDocumentFile)
			r.Get(paths.DocumentVersionFilePattern, s.handleDocumentVersionFile)
			// Charter: every member reads the current version, the
			// consultation and the earlier versions, comments and accepts;
			// the handlers and the store check the charter rules
			// (auth.CheckCharter). Drafting, the acceptances and the
			// reminder are the pilots'.
			r.Get(paths.CharterPattern, s.handleCharter)
			r.Get(paths.CharterDiffPattern, s.handleCharterDiff)
			r.Get(paths.CharterVersionPattern, s.handleCharterVersion)
			r.Get(paths.CharterPrintPattern, s.handleCharterPrint)
			r.Get(paths.CharterEditPattern, s.handleCharterEditForm)
			r.Post(paths.CharterEditPattern, s.handleCharterEdit)
			r.Post(paths.CharterConsultationPattern, s.handleCharterConsultation)
			r.Post(paths.CharterCommentPattern, s.handleCharterComment)
			r.Post(paths.CharterAnswerPattern, s.handleCharterAnswer)
			r.Get(paths.CharterAdoptionPattern, s.handleCharterAdoptionForm)
			r.Post(paths.CharterAdoptionPattern, s.handleCharterAdoption)
			r.Post(paths.CharterAcceptPattern, s.handleCharterAccept)
			r.Post(paths.CharterInstitutionPattern, s.handleCharterInstitution)
			// Easy-to-read versions (FALC) of the charter, agendas, minutes,
			// practices and local news: the handlers check the original's
			// rule and auth.CheckEasyReadVersion.
			r.Get(paths.EasyReadPattern, s.handleEasyReadForm)
			r.Post(paths.EasyReadPattern, s.handleEasyReadSave)
			r.Post(paths.EasyReadCheckPattern, s.handleEasyReadCheck)
			r.Group(func(r chi.Router) {
				r.Use(s.require(auth.ManageCharter))
				r.Get(paths.CharterNewPattern, s.handleCharterNewForm)
				r.Post(paths.CharterNewPattern, s.handleCharterCreate)
				r.Get(paths.CharterAcceptancesPattern, s.handleCharterAcceptances)
				r.Post(paths.CharterRemindPattern, s.handleCharterRemind)
			})
		})
	})
	return probesFirst{Router: r, healthz: s.handleHealthz, readyz: s.handleReadyz}
}

// page returns the shell properties shared by every page: assets, the
// signed-in person, the committee navigation allowed by the policy, and the
// one-time flash message.
func (s *Server) page(r *http.Request, title string) layout.Page {
	p := s.shell(r, title)
	if state(r.Context()) != nil {
		p.Flash = s.sessions.PopString(r.Context(), sessionFlash)
	}
	return p
}

// shell is page without consuming the flash message (error pages).
func (s *Server) shell(r *http.Request, title string) layout.Page {
	p := layout.Page{
		Title:   title,
		Current: r.URL.Path,
		CSS:     s.assets.URL("css/app.css"),
		Logo:    s.assets.URL("img/logo.svg"),
	}
	st := state(r.Context())
	if st == nil || st.account == nil {
		return p
	}
	p.User = &layout.User{Name: st.account.DisplayName, Operator: st.account.Operator,
		Seminars: st.principal().Can(auth.PublishSeminars), NationalNews: st.principal().Can(auth.ReadNationalNews),
		NationalPractices: st.principal().Can(auth.ReadNationalPractices), Unread: st.unread}
	p.Easy, p.MenuURL = st.easyMode(), paths.Menu
	if st.membership != nil {
		c := st.membership.Committee
		p.MenuURL = paths.CommitteeMenu(c.Slug)
		p.Committee = c.Name
		// The committee's home is headed by its name: the bar above
		// need not print it too.
		p.CommitteeInHeading = r.URL.Path == paths.CommitteeHome(c.Slug)
		pr := st.principal()
		p.Nav = append(p.Nav,
			layout.Link{URL: paths.CommitteeHome(c.Slug), Label: "Accueil du comité"},
			layout.Link{URL: paths.Directory(c.Slug), Label: "Annuaire"},
			layout.Link{URL: paths.Institutions(c.Slug), Label: "Institutions"},
			layout.Link{URL: paths.Groups(c.Slug), Label: "Groupes de travail"},
			layout.Link{URL: paths.Meetings(c.Slug), Label: "Réunions"},
			layout.Link{URL: paths.Practices(c.Slug), Label: "Pratiques inspirantes"},
			layout.Link{URL: paths.Contributions(c.Slug), Label: "Contributions au HCTS"},
			layout.Link{URL: paths.News(c.Slug), Label: "Actualités"},
			layout.Link{URL: paths.Documents(c.Slug), Label: "Documents"},
			layout.Link{URL: paths.Charter(c.Slug), Label: "Charte"},
			layout.Link{URL: paths.Help(c.Slug), Label: "Aide"},
		)
		if pr.Can(auth.ManageMembers) {
			p.Nav = append(p.Nav, layout.Link{URL: paths.Members(c.Slug), Label: "Membres et invitations"})
		}
		if pr.Can(auth.ViewCommitteeLog) {
			p.Nav = append(p.Nav, layout.Link{URL: paths.CommitteeLog(c.Slug), Label: "Journal"})
		}
	}
	return p
}

// signingKeyTimeout bounds the reading of the signing key at start.
const signingKeyTimeout = 30 * time.Second

// readyTimeout bounds the database check of /readyz, so a load balancer's
// probe never hangs on a dead server.
const readyTimeout = 2 * time.Second
