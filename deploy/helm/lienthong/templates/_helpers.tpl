{{/* Chart name, truncated to the 63 characters Kubernetes allows in a name. */}}
{{- define "lienthong.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-lienthong, or the release name when it already contains the chart name. */}}
{{- define "lienthong.fullname" -}}
{{- if contains (include "lienthong.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "lienthong.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of one app's objects: <fullname>-<app>. Call with (dict "root" $ "app" $name). */}}
{{- define "lienthong.appName" -}}
{{- printf "%s-%s" (include "lienthong.fullname" .root) .app | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries. */}}
{{- define "lienthong.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: lienthong
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{/* Selector labels of one app. Call with (dict "root" $ "app" $name). */}}
{{- define "lienthong.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lienthong.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .app }}
{{- end -}}

{{/* Image reference; the tag defaults to the chart's appVersion. */}}
{{- define "lienthong.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
